package io.ferrymq.bench;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.GetStatus;
import io.ferrymq.store.MessageFilter;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.commitlog.PutResult;
import io.ferrymq.store.config.StoreConfig;
import io.ferrymq.store.dispatch.ArrivalListener;
import io.ferrymq.transaction.EndTransactionRequest;
import io.ferrymq.transaction.EndTransactionResult;
import io.ferrymq.transaction.ProgressStore;
import io.ferrymq.transaction.TransactionConfig;
import io.ferrymq.transaction.TransactionService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * Cost of the transaction check scan with many resolved transactions behind it: drives a
 * {@link TransactionService} directly against a {@link MessageStore} (no network), prepares and commits
 * {@code --count} transactions, then times scan passes: the catch-up pass that reads them all once,
 * passes after everything is resolved (should read nothing), a pass after a few new transactions
 * (should read only those), the first pass after a restart (should read nothing: progress is saved),
 * and, with {@code --reclaim}, passes after retention deleted the old segments. Prints the sizes of
 * the half and op queues (records and bytes in the commit log).
 *
 * <p>Not a unit test; run it with {@code bench/tx-scan}.
 */
public final class TxScanBench {
    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);
    private static final String TOPIC = "BenchTx";
    private static final String GROUP = "bench-tx";

    private final Path dir;
    private final Map<String, Long> progress = new ConcurrentHashMap<>();
    private final AtomicLong checksSent = new AtomicLong();
    private MessageStore store;
    private TransactionService service;

    private TxScanBench(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        Options options = new Options()
                .addOption("c", "count", true, "transactions to prepare and commit (default 1000000)")
                .addOption("i", "inflight", true, "transactions in flight at once (default 512)")
                .addOption("p", "passes", true, "scan passes timed after all are resolved (default 5)")
                .addOption("r", "reclaim", false, "then delete old commit-log segments and scan again")
                .addOption("D", "dir", true, "data directory (default: a temporary one, deleted at the end)")
                .addOption("h", "help", false, "this help");
        CommandLine cl = BenchOptions.parse("tx-scan", options, args);
        if (cl == null) {
            return;
        }
        int count = Integer.parseInt(cl.getOptionValue("count", "1000000"));
        int inflight = Integer.parseInt(cl.getOptionValue("inflight", "512"));
        int passes = Integer.parseInt(cl.getOptionValue("passes", "5"));
        boolean temporary = !cl.hasOption("dir");
        Path base = temporary ? Files.createTempDirectory("ferrymq-tx-scan") : Paths.get(cl.getOptionValue("dir"));
        TxScanBench bench = new TxScanBench(base);
        try {
            bench.run(count, inflight, passes, cl.hasOption("reclaim"));
        } finally {
            bench.close();
            if (temporary) {
                deleteTree(base);
            }
        }
    }

    private void open() throws IOException {
        Properties p = new Properties();
        p.setProperty("storePathRootDir", dir.toString());
        p.setProperty("mapedFileSizeCommitLog", Integer.toString(64 << 20));
        p.setProperty("mapedFileSizeConsumeQueue", Integer.toString(300_000 * 20));
        p.setProperty("deleteFileBatchMax", "100");
        store = new MessageStore(StoreConfig.from(p), InstantSource.system(), System::nanoTime, ArrivalListener.NONE);
        store.start();
        service = new TransactionService(TransactionConfig.DEFAULTS, store, store::putMessage,
                (group, bornHost, check) -> {
                    checksSent.incrementAndGet();
                    return null;
                }, new ProgressStore() {
                    @Override
                    public long load(String key) {
                        return progress.getOrDefault(key, -1L);
                    }

                    @Override
                    public void save(String key, long value) {
                        progress.put(key, value);
                    }
                }, HOST, InstantSource.system());
        service.open();
    }

    private void close() throws IOException {
        if (store != null) {
            store.shutdown();
            store = null;
        }
    }

    private void run(int count, int inflight, int passes, boolean reclaim) throws Exception {
        open();
        System.out.printf("preparing and committing %,d transactions (%d in flight) in %s%n", count, inflight, dir);
        long began = System.nanoTime();
        load(0, count, inflight);
        double loadSeconds = (System.nanoTime() - began) / 1e9;
        System.out.printf("loaded: %,.0f transactions/s (%.1f s)%n", count / loadSeconds, loadSeconds);
        awaitDispatch();

        report("catch-up pass (reads every record once)", service.scanOnce());
        for (int i = 1; i <= passes; i++) {
            report("pass " + i + " after all resolved", service.scanOnce());
        }
        load(count, 1_000, inflight);
        awaitDispatch();
        report("pass after 1,000 new transactions", service.scanOnce());
        report("next pass", service.scanOnce());
        sizes();

        close();
        long restart = System.nanoTime();
        open();
        System.out.printf("restart: store and service opened in %.1f ms (progress half=%d op=%d stuck=%d)%n",
                (System.nanoTime() - restart) / 1e6, progress.get("half"), progress.get("op"), progress.get("stuck"));
        report("first pass after restart", service.scanOnce());

        if (reclaim) {
            int deleted = 0;
            int step;
            while ((step = store.deleteExpiredFiles(true)) > 0) {
                deleted += step;
            }
            awaitRetentionApplied();
            System.out.printf("reclaim: %d commit-log segments deleted (forced), commit log now starts at %,d%n",
                    deleted, store.commitLog().minOffset());
            report("pass after reclaim", service.scanOnce());
            sizes();
        }
        System.out.printf("pending %d, stuck %d, checks sent %d%n", service.stats().pending(),
                service.stats().stuck(), checksSent.get());
    }

    /** Prepares then commits {@code count} transactions numbered from {@code first}, pipelined. */
    private void load(int first, int count, int inflight) throws InterruptedException {
        Semaphore slots = new Semaphore(inflight);
        AtomicLong failures = new AtomicLong();
        for (int i = first; i < first + count; i++) {
            slots.acquire();
            service.prepare(message(i))
                    .thenCompose(half -> half.isOk() ? commit(half) : CompletableFuture.completedFuture(null))
                    .whenComplete((result, error) -> {
                        if (error != null || result == null || result.status() != EndTransactionResult.Status.COMMITTED) {
                            failures.incrementAndGet();
                        }
                        slots.release();
                    });
        }
        slots.acquire(inflight);
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " transactions failed");
        }
    }

    private CompletableFuture<EndTransactionResult> commit(PutResult half) {
        return service.endTransaction(new EndTransactionRequest(GROUP, half.queueOffset(), half.physicalOffset(),
                EndTransactionRequest.COMMIT, false, null));
    }

    private static MessageExt message(int i) {
        MessageExt m = new MessageExt();
        m.setTopic(TOPIC);
        m.setQueueId(i & 7);
        m.setTags("order");
        m.setKeys("order-" + i);
        m.putProperty(MessageConst.UNIQ_KEY, String.format("BENCH%027d", i));
        m.putProperty(MessageConst.TRAN_MSG, "true");
        m.putProperty(MessageConst.PGROUP, GROUP);
        m.setBody(new byte[128]);
        m.setSysFlag(MessageSysFlag.TRANSACTION_PREPARED_TYPE);
        m.setBornHost(HOST);
        m.setStoreHost(HOST);
        m.setBornTimestamp(System.currentTimeMillis());
        return m;
    }

    private void awaitDispatch() throws InterruptedException {
        long end = store.commitLog().maxOffset();
        while (store.dispatchedOffset() < end) {
            Thread.sleep(10); // a benchmark waiting for the store's own background thread
        }
    }

    private void awaitRetentionApplied() throws InterruptedException {
        long min = store.commitLog().minOffset();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (store.physicalOffsetOf(SystemTopics.TRANS_HALF_TOPIC, 0,
                store.minOffset(SystemTopics.TRANS_HALF_TOPIC, 0)) < min && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static void report(String what, TransactionService.ScanPass pass) {
        System.out.printf("%-44s %9.3f ms   op records read %,9d   half records read %,9d%n", what,
                pass.nanos() / 1e6, pass.opsRead(), pass.halvesRead());
    }

    private void sizes() {
        for (String topic : new String[] {SystemTopics.TRANS_HALF_TOPIC, SystemTopics.TRANS_OP_HALF_TOPIC}) {
            long min = store.minOffset(topic, 0);
            long max = store.maxOffset(topic, 0);
            System.out.printf("%-28s records [%,d, %,d): %,d retained, %,.1f MB in the commit log%n", topic, min, max,
                    max - min, bytesOf(topic, min, max) / 1e6);
        }
        System.out.printf("%-28s %,.1f MB from %,d%n", "commit log", (store.commitLog().maxOffset()
                - store.commitLog().minOffset()) / 1e6, store.commitLog().minOffset());
    }

    private long bytesOf(String topic, long from, long to) {
        long bytes = 0;
        long next = from;
        while (next < to) {
            GetResult r = store.getMessages(topic, 0, next, 1024, Integer.MAX_VALUE, MessageFilter.ALL);
            try {
                if (r.status() != GetStatus.FOUND || r.nextBeginOffset() <= next) {
                    break;
                }
                for (ByteBuffer b : r.messages()) {
                    bytes += b.remaining();
                }
                next = r.nextBeginOffset();
            } finally {
                r.release();
            }
        }
        return bytes;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
