package io.ferrymq.bench;

import io.ferrymq.common.message.MessageExt;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.commitlog.PutResult;
import io.ferrymq.store.commitlog.PutStatus;
import io.ferrymq.store.config.StoreConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * Append throughput of the message store: writer threads each put a message and wait for its
 * acknowledgement (a synchronous producer), for every (flush type, thread count) case, each in a
 * fresh store. Next to each case, the raw sequential write speed of the same disk: the same number of
 * bytes written with a {@link FileChannel} in 1 MiB blocks, then one fsync.
 *
 * <p>Not a unit test; run it with {@code bench/store-append}. MB = 10^6 bytes of commit-log records.
 */
public final class StoreAppendBench {

    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 10911);

    private StoreAppendBench() {
    }

    private record Case(String flush, int threads) {
    }

    private record Outcome(long messages, long bytes, long nanos, long failed, Histogram latency) {
    }

    public static void main(String[] args) throws Exception {
        Options options = new Options()
                .addOption("t", "threads", true, "writer thread counts, comma-separated (default 1,8,32)")
                .addOption("f", "flush", true, "flush types, comma-separated (default ASYNC_FLUSH,SYNC_FLUSH)")
                .addOption("d", "duration", true, "seconds per case (default 5)")
                .addOption("m", "max-msgs", true, "most messages per case (default 2000000)")
                .addOption("s", "size", true, "body bytes (default 1024)")
                .addOption("D", "dir", true, "data directory (default: a temporary one, deleted at the end)")
                .addOption("h", "help", false, "this help");
        CommandLine cl = BenchOptions.parse("store-append", options, args);
        if (cl == null) {
            return;
        }
        long durationNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(cl.getOptionValue("duration", "5")));
        long maxMessages = Long.parseLong(cl.getOptionValue("max-msgs", "2000000"));
        int size = Integer.parseInt(cl.getOptionValue("size", "1024"));
        boolean temporary = !cl.hasOption("dir");
        Path base = temporary ? Files.createTempDirectory("ferrymq-bench") : Paths.get(cl.getOptionValue("dir"));
        Files.createDirectories(base);
        List<Case> cases = new ArrayList<>();
        for (String flush : cl.getOptionValue("flush", "ASYNC_FLUSH,SYNC_FLUSH").split(",")) {
            for (String t : cl.getOptionValue("threads", "1,8,32").split(",")) {
                cases.add(new Case(flush.trim(), Integer.parseInt(t.trim())));
            }
        }
        PrintStream out = System.out;
        out.printf("store append: %d-byte bodies, %d s or %d messages per case, data in %s%n",
                size, TimeUnit.NANOSECONDS.toSeconds(durationNanos), maxMessages, base);
        out.printf("%-11s %7s %10s %9s %10s %9s %9s %9s %10s%n", "flush", "threads", "messages", "msgs/s",
                "MB/s", "p50 us", "p99 us", "failed", "raw MB/s");
        try {
            for (Case c : cases) {
                Path dir = base.resolve(c.flush().toLowerCase() + "-" + c.threads());
                Outcome o = run(c, dir, durationNanos, maxMessages, size);
                double raw = rawWriteMbPerSecond(dir.resolve("raw"), o.bytes());
                deleteTree(dir);
                double seconds = o.nanos() / 1e9;
                out.printf("%-11s %7d %10d %9.0f %10.1f %9.0f %9.0f %9d %10.1f%n", c.flush(), c.threads(),
                        o.messages(), o.messages() / seconds, o.bytes() / 1e6 / seconds,
                        o.latency().getValueAtPercentile(50) / 1e3, o.latency().getValueAtPercentile(99) / 1e3,
                        o.failed(), raw);
            }
        } finally {
            if (temporary) {
                deleteTree(base);
            }
        }
    }

    private static Outcome run(Case c, Path dir, long durationNanos, long maxMessages, int size) throws Exception {
        Properties p = new Properties();
        p.setProperty("storePathRootDir", dir.toString());
        p.setProperty("flushDiskType", c.flush());
        MessageStore store = new MessageStore(StoreConfig.from(p));
        store.start();
        AtomicLong issued = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Recorder recorder = new Recorder(3);
        CountDownLatch done = new CountDownLatch(c.threads());
        long deadline = System.nanoTime() + durationNanos;
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        List<Thread> writers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < c.threads(); t++) {
            int queueId = t % 8;
            Thread w = new Thread(() -> {
                try {
                    while (System.nanoTime() - deadline < 0 && issued.incrementAndGet() <= maxMessages) {
                        MessageExt m = new MessageExt();
                        m.setTopic("BenchTopic");
                        m.setQueueId(queueId);
                        m.setBody(body);
                        m.setBornHost(HOST);
                        m.setStoreHost(HOST);
                        long t0 = System.nanoTime();
                        PutResult r = store.putMessage(m).join();
                        recorder.recordValue(Math.min(System.nanoTime() - t0, TimeUnit.SECONDS.toNanos(60)));
                        if (r.status() == PutStatus.PUT_OK) {
                            bytes.addAndGet(r.bytes());
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            }, "bench-writer-" + t);
            writers.add(w);
            w.start();
        }
        boolean finished = done.await(durationNanos + TimeUnit.SECONDS.toNanos(60), TimeUnit.NANOSECONDS);
        long nanos = System.nanoTime() - start;
        for (Thread w : writers) {
            w.join(TimeUnit.SECONDS.toMillis(10));
        }
        store.shutdown();
        if (!finished) {
            throw new IllegalStateException("writers did not finish");
        }
        Histogram latency = recorder.getIntervalHistogram();
        long ok = latency.getTotalCount() - failed.get();
        return new Outcome(ok, bytes.get(), nanos, failed.get(), latency);
    }

    /** Writes {@code total} bytes sequentially in 1 MiB blocks and forces them once; MB/s of the whole. */
    private static double rawWriteMbPerSecond(Path file, long total) throws IOException {
        ByteBuffer block = ByteBuffer.allocateDirect(1 << 20);
        while (block.hasRemaining()) {
            block.put((byte) 'r');
        }
        long start = System.nanoTime();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long written = 0;
            while (written < total) {
                block.clear();
                block.limit((int) Math.min(block.capacity(), total - written));
                while (block.hasRemaining()) {
                    written += ch.write(block);
                }
            }
            ch.force(true);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Files.delete(file);
        return total / 1e6 / seconds;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
