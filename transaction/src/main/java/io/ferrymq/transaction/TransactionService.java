package io.ferrymq.transaction;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.QueryResult;
import io.ferrymq.store.agent.AgentRunner;
import io.ferrymq.store.agent.IdleStrategy;
import io.ferrymq.store.commitlog.PutResult;
import io.ferrymq.store.commitlog.PutStatus;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transactional messages on a broker: stores half messages, resolves them on END_TRANSACTION
 * (a repeated or late one is harmless), and runs the check-back scan for the silent ones.
 *
 * <p>Threads: {@link #prepare} and {@link #endTransaction} from any request thread; the scan on
 * its own thread. Check timing uses the broker's store timestamps, never the producer's clock.
 */
public final class TransactionService {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionService.class);
    private static final long DISPATCH_WAIT_NANOS = 3_000_000_000L;
    /** Store clocks of other brokers' records may be a little ahead; an hour covers any sane skew. */
    private static final long INDEX_QUERY_SLACK_MILLIS = 3_600_000;

    private final TransactionConfig config;
    private final MessageStore store;
    private final CommitWriter writer;
    private final CheckBackSender sender;
    private final ProgressStore progress;
    private final InstantSource clock;
    private final OpLog opLog;
    private TransactionTable table;
    private CheckScan scan;
    private AgentRunner runner;

    public TransactionService(TransactionConfig config, MessageStore store, CommitWriter writer,
                              CheckBackSender sender, ProgressStore progress, InetSocketAddress brokerAddress,
                              InstantSource clock) {
        this.config = config;
        this.store = store;
        this.writer = writer;
        this.sender = sender;
        this.progress = progress;
        this.clock = clock;
        this.opLog = new OpLog(store, brokerAddress, clock);
    }

    /** Resumes from the saved progress and starts the check scan. The store must be started. */
    public void start() {
        open();
        runner = new AgentRunner(scan, IdleStrategy.upTo(config.scanPeriodMillis())).start();
    }

    /** Loads progress and builds the scan without running it (tests drive {@link #scan()} by hand). */
    void open() {
        long half = Math.max(0, progress.load(CheckScan.HALF_PROGRESS));
        long op = Math.max(0, progress.load(CheckScan.OP_PROGRESS));
        table = new TransactionTable(half, config.checkIntervalMillis());
        scan = new CheckScan(config, store, table, opLog, sender, progress, clock, op);
        LOG.info("transaction check scan resumes from half offset {} and op offset {}", half, op);
    }

    CheckScan scan() {
        return scan;
    }

    public void shutdown() {
        if (runner != null) {
            runner.close();
        }
    }

    /** Stores {@code msg} (sent with TRAN_MSG=true) as a half message; consumers of its topic can't see it. */
    public CompletableFuture<PutResult> prepare(MessageExt msg) {
        return store.putMessage(HalfMessages.toHalf(msg));
    }

    /** Commits, rolls back or (UNKNOW) leaves pending the half message the request names. */
    public CompletableFuture<EndTransactionResult> endTransaction(EndTransactionRequest request) {
        if (request.commitOrRollback() != EndTransactionRequest.COMMIT
                && request.commitOrRollback() != EndTransactionRequest.ROLLBACK) {
            return done(EndTransactionResult.Status.STILL_PENDING, "unknown state: left for check-back");
        }
        MessageExt half = QueueReader.readAt(store, request.commitLogOffset());
        if (half == null || !SystemTopics.TRANS_HALF_TOPIC.equals(half.getTopic())) {
            return done(EndTransactionResult.Status.NOT_FOUND, "no half message at commit-log offset "
                    + request.commitLogOffset());
        }
        if (!Objects.equals(half.getProperty(MessageConst.PGROUP), request.producerGroup())) {
            return done(EndTransactionResult.Status.MISMATCH, "half message belongs to producer group "
                    + half.getProperty(MessageConst.PGROUP) + ", not " + request.producerGroup());
        }
        if (half.getQueueOffset() != request.tranStateTableOffset()) {
            return done(EndTransactionResult.Status.MISMATCH, "half message queue offset is " + half.getQueueOffset()
                    + ", request says " + request.tranStateTableOffset());
        }
        long root = half.getQueueOffset();
        if (table.beginResolve(root) != TransactionTable.Claim.FIRST) {
            return done(EndTransactionResult.Status.ALREADY_RESOLVED, "transaction " + root + " already resolved");
        }
        if (request.commitOrRollback() == EndTransactionRequest.ROLLBACK) {
            return opLog.append(root, OpKind.DONE).handle((put, error) -> {
                table.finishResolve(root, true);
                logOpFailure(root, put, error);
                return EndTransactionResult.of(EndTransactionResult.Status.ROLLED_BACK, null);
            });
        }
        if (request.fromTransactionCheck() && alreadyCommitted(half)) {
            // stored before a crash that came ahead of its op record: record the op, never store it twice
            return opLog.append(root, OpKind.DONE).handle((op, error) -> {
                table.finishResolve(root, true);
                logOpFailure(root, op, error);
                return EndTransactionResult.of(EndTransactionResult.Status.ALREADY_RESOLVED,
                        "transaction " + root + " was committed before a restart");
            });
        }
        return writer.put(HalfMessages.toCommitted(half)).thenCompose(put -> {
            if (put.status() != PutStatus.PUT_OK && put.status() != PutStatus.FLUSH_DISK_TIMEOUT) {
                table.finishResolve(root, false);
                return CompletableFuture.completedFuture(new EndTransactionResult(
                        EndTransactionResult.Status.STORE_FAILED, put.status(), "committed message not stored"));
            }
            return opLog.append(root, OpKind.DONE).handle((op, error) -> {
                table.finishResolve(root, true);
                logOpFailure(root, op, error);
                return new EndTransactionResult(EndTransactionResult.Status.COMMITTED, put.status(), null);
            });
        }).exceptionally(error -> {
            table.finishResolve(root, false);
            return new EndTransactionResult(EndTransactionResult.Status.STORE_FAILED, PutStatus.UNKNOWN_ERROR,
                    String.valueOf(error));
        });
    }

    /** Whether the committed message of {@code half} is already in its real topic (looked up by unique id). */
    private boolean alreadyCommitted(MessageExt half) {
        String uniqKey = half.getUniqKey();
        if (uniqKey == null) {
            return false;
        }
        awaitDispatch(store.commitLog().maxOffset());
        try (QueryResult found = store.queryMessage(HalfMessages.realTopic(half), uniqKey, 32,
                half.getStoreTimestamp(), clock.millis() + INDEX_QUERY_SLACK_MILLIS)) {
            for (ByteBuffer record : found.messages()) {
                MessageExt msg = MessageRecord.decode(record.duplicate(), false, false);
                if (MessageSysFlag.transactionType(msg.getSysFlag()) == MessageSysFlag.TRANSACTION_COMMIT_TYPE
                        && msg.getPreparedTransactionOffset() == half.getCommitLogOffset()) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Waits (bounded) until everything appended before now is dispatched, so the index lookup sees it.
     * Only check-back answers come here, on a request thread.
     */
    private void awaitDispatch(long logEnd) {
        long deadline = System.nanoTime() + DISPATCH_WAIT_NANOS;
        while (store.dispatchedOffset() < logEnd && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
    }

    private static void logOpFailure(long root, PutResult op, Throwable error) {
        if (error != null || op == null || !op.isOk()) {
            LOG.error("op record of resolved transaction {} not stored ({}): it may be checked again after a restart",
                    root, error != null ? error.toString() : op == null ? "no result" : op.status());
        }
    }

    private static CompletableFuture<EndTransactionResult> done(EndTransactionResult.Status status, String detail) {
        return CompletableFuture.completedFuture(EndTransactionResult.of(status, detail));
    }

    /** Pending transactions with their age and check count, oldest first. */
    public List<PendingTransaction.View> pending() {
        return table.pendingViews(clock.millis());
    }

    public int pendingCount() {
        return table.pendingCount();
    }
}
