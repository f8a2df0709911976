package io.ferrymq.transaction;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.agent.AgentRunner;
import io.ferrymq.store.agent.IdleStrategy;
import io.ferrymq.store.commitlog.PutResult;
import io.ferrymq.store.commitlog.PutStatus;
import io.ferrymq.transaction.EndTransactionResult.Status;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transactional messages on a broker: stores half messages, resolves them on END_TRANSACTION
 * (a repeated or late one is harmless), runs the check-back scan for the silent ones, and lets an
 * operator list transactions, read their history and resolve stuck ones by hand.
 *
 * <p>Threads: {@link #prepare}, {@link #endTransaction} and the admin calls from any request
 * thread; the scan on its own thread. Check timing uses the broker's store timestamps, never the
 * producer's clock.
 */
public final class TransactionService {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionService.class);
    /** Floor of the pending-age limit, whatever fileReservedTime says. */
    private static final long MIN_PENDING_AGE_MILLIS = Duration.ofMinutes(1).toMillis();

    /** What an operator can do with a transaction. */
    public enum Action {
        COMMIT,
        ROLLBACK,
        /** Stuck only: continue it as a new pending transaction, checked now with its count cleared. */
        CHECK
    }

    private final TransactionConfig config;
    private final MessageStore store;
    private final CommitWriter writer;
    private final CheckBackSender sender;
    private final ProgressStore progress;
    private final InstantSource clock;
    private final OpLog opLog;
    private final StuckQueue stuckQueue;
    private final StoreLookup lookup;
    private final TransactionStats stats = new TransactionStats();
    private final long maxPendingAgeMillis;
    private TransactionTable table;
    private CheckScan scan;
    private StuckResolver stuckResolver;
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
        this.stuckQueue = new StuckQueue(store, brokerAddress);
        this.lookup = new StoreLookup(store, clock);
        this.maxPendingAgeMillis = Math.max(MIN_PENDING_AGE_MILLIS, store.config().fileReservedTime().toMillis() / 2);
    }

    /** Resumes from the saved progress and starts the check scan. The store must be started. */
    public void start() {
        open();
        runner = new AgentRunner(scan, IdleStrategy.parkUntilWoken(config.scanPeriodMillis())).start();
    }

    /**
     * Loads progress and the stuck transactions and builds the scan without running it: the caller
     * runs passes with {@link #scanOnce()} (benchmarks, tests). The store must be started.
     */
    public void open() {
        long half = Math.max(0, progress.load(CheckScan.HALF_PROGRESS));
        long op = Math.max(0, progress.load(CheckScan.OP_PROGRESS));
        long stuckFrom = Math.max(0, progress.load(CheckScan.STUCK_PROGRESS));
        table = new TransactionTable(half, config.checkIntervalMillis());
        long stuckRead = stuckQueue.replay(stuckFrom, table);
        stuckResolver = new StuckResolver(store, writer, table, opLog, stuckQueue, lookup, stats, clock);
        scan = new CheckScan(config, store, table, opLog, stuckQueue, sender, progress, clock, stats,
                maxPendingAgeMillis, op);
        LOG.info("transaction check scan resumes from half offset {} and op offset {}; {} stuck transactions "
                + "(read {} check-max records from {})", half, op, table.stuckCount(), stuckRead, stuckFrom);
    }

    CheckScan scan() {
        return scan;
    }

    /** One scan pass on the caller's thread (only when opened with {@link #open()}, not started). */
    public ScanPass scanOnce() {
        long start = System.nanoTime();
        scan.doWork();
        CheckScan.Pass pass = scan.lastPass();
        return new ScanPass(pass.opsRead(), pass.halvesRead(), pass.checksHandled(), System.nanoTime() - start);
    }

    /** What one scan pass read and did, and how long it took. */
    public record ScanPass(long opsRead, long halvesRead, int checksHandled, long nanos) {
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
        boolean decided = request.commitOrRollback() == EndTransactionRequest.COMMIT
                || request.commitOrRollback() == EndTransactionRequest.ROLLBACK;
        if (!decided && !request.fromTransactionCheck()) {
            return done(Status.STILL_PENDING, "unknown state: left for check-back");
        }
        MessageExt half = QueueReader.readAt(store, request.commitLogOffset());
        if (half == null || !SystemTopics.TRANS_HALF_TOPIC.equals(half.getTopic())) {
            return done(Status.NOT_FOUND, "no half message at commit-log offset " + request.commitLogOffset());
        }
        if (!Objects.equals(half.getProperty(MessageConst.PGROUP), request.producerGroup())) {
            return done(Status.MISMATCH, "half message belongs to producer group "
                    + half.getProperty(MessageConst.PGROUP) + ", not " + request.producerGroup());
        }
        if (half.getQueueOffset() != request.tranStateTableOffset()) {
            return done(Status.MISMATCH, "half message queue offset is " + half.getQueueOffset()
                    + ", request says " + request.tranStateTableOffset());
        }
        long root = half.getQueueOffset();
        if (!decided) {
            opLog.append(OpEntry.answeredUnknown(root, half.getUniqKey(), request.from()));
            return done(Status.STILL_PENDING, "check-back answered UNKNOW: left for the next check");
        }
        boolean commit = request.commitOrRollback() == EndTransactionRequest.COMMIT;
        Actor producer = Actor.producer(request.from());
        if (table.beginResolve(root) != TransactionTable.Claim.FIRST) {
            PendingTransaction stuck = table.claimStuck(root);
            if (stuck != null) {
                return stuckResolver.decide(stuck, commit, producer, request.fromTransactionCheck());
            }
            return done(Status.ALREADY_RESOLVED, "transaction " + root + " already resolved");
        }
        return decide(half, root, commit, producer, request.fromTransactionCheck(), request.fromTransactionCheck());
    }

    /**
     * Resolves a claimed pending transaction. With {@code lookFirst} (check-back answers, admins) a
     * committed message stored before a crash that came ahead of its op record is found by unique id
     * (in its real topic, or still parked for its delay level or delivery time) and not stored again.
     */
    private CompletableFuture<EndTransactionResult> decide(MessageExt half, long root, boolean commit, Actor actor,
                                                           boolean answeredCheck, boolean lookFirst) {
        String id = half.getUniqKey();
        if (!commit) {
            return opLog.append(OpEntry.done(root, id, actor, false, answeredCheck, -1)).handle((put, error) -> {
                table.finishResolve(root, true);
                logOpFailure(root, put, error);
                stats.rollbacks.increment();
                countManual(actor);
                return EndTransactionResult.of(Status.ROLLED_BACK, null);
            });
        }
        if (lookFirst) {
            MessageExt committed = lookup.committed(HalfMessages.realTopic(half), id,
                    HalfMessages.firstHalfOffset(half, half.getCommitLogOffset()), half.getStoreTimestamp());
            if (committed != null) {
                return opLog.append(OpEntry.done(root, id, actor, true, answeredCheck, committed.getCommitLogOffset()))
                        .handle((op, error) -> {
                            table.finishResolve(root, true);
                            logOpFailure(root, op, error);
                            return EndTransactionResult.of(Status.ALREADY_RESOLVED,
                                    "transaction " + root + " was committed before a restart");
                        });
            }
        }
        return writer.put(HalfMessages.toCommitted(half)).thenCompose(put -> {
            if (put.status() != PutStatus.PUT_OK && put.status() != PutStatus.FLUSH_DISK_TIMEOUT) {
                table.finishResolve(root, false);
                return CompletableFuture.completedFuture(new EndTransactionResult(Status.STORE_FAILED, put.status(),
                        "committed message not stored"));
            }
            return opLog.append(OpEntry.done(root, id, actor, true, answeredCheck, put.physicalOffset()))
                    .handle((op, error) -> {
                        table.finishResolve(root, true);
                        logOpFailure(root, op, error);
                        stats.commits.increment();
                        countManual(actor);
                        return new EndTransactionResult(Status.COMMITTED, put.status(), null);
                    });
        }).exceptionally(error -> {
            table.finishResolve(root, false);
            return new EndTransactionResult(Status.STORE_FAILED, PutStatus.UNKNOWN_ERROR, String.valueOf(error));
        });
    }

    private void countManual(Actor actor) {
        if (actor.by() == Actor.By.ADMIN) {
            stats.manual.increment();
        }
    }

    private static void logOpFailure(long root, PutResult op, Throwable error) {
        if (error != null || op == null || !op.isOk()) {
            LOG.error("op record of resolved transaction {} not stored ({}): it may be checked again after a restart",
                    root, error != null ? error.toString() : op == null ? "no result" : op.status());
        }
    }

    private static CompletableFuture<EndTransactionResult> done(Status status, String detail) {
        return CompletableFuture.completedFuture(EndTransactionResult.of(status, detail));
    }

    /**
     * An operator's resolution of the transaction named by {@code id}: its root (digits) or unique id.
     * Stuck transactions can be committed, rolled back or checked again; pending ones committed or rolled
     * back. Exactly once: a second resolution answers ALREADY_RESOLVED.
     */
    public CompletableFuture<EndTransactionResult> resolve(String id, Action action, Actor admin) {
        if (id == null || id.isBlank()) {
            return done(Status.NOT_FOUND, "no transaction named");
        }
        String name = id.trim();
        List<PendingTransaction> found = isRoot(name) ? single(table.find(Long.parseLong(name)))
                : table.findById(name);
        if (found.isEmpty()) {
            return done(resolvedBefore(name) ? Status.ALREADY_RESOLVED : Status.NOT_FOUND,
                    resolvedBefore(name) ? "transaction " + name + " already resolved"
                            : "no transaction " + name + " on this broker");
        }
        if (found.size() > 1) {
            List<Long> roots = found.stream().map(tx -> tx.root).toList();
            return done(Status.MISMATCH, "several transactions have id " + name + " (roots " + roots
                    + "): name one by its root");
        }
        PendingTransaction tx = found.get(0);
        PendingTransaction stuck = table.claimStuck(tx.root);
        if (stuck != null) {
            return switch (action) {
                case COMMIT -> stuckResolver.decide(stuck, true, admin, false);
                case ROLLBACK -> stuckResolver.decide(stuck, false, admin, false);
                case CHECK -> stuckResolver.checkAgain(stuck, admin);
            };
        }
        if (action == Action.CHECK) {
            return done(tx.state == PendingTransaction.State.STUCK ? Status.ALREADY_RESOLVED : Status.NOT_STUCK,
                    "transaction " + tx.root + " is " + (tx.state == PendingTransaction.State.STUCK
                            ? "being resolved" : "pending: it is checked in turn"));
        }
        MessageExt half = QueueReader.readAt(store, tx.commitLogOffset);
        if (half == null) {
            return done(Status.NOT_FOUND, "the half message of transaction " + tx.root + " is no longer in the store");
        }
        if (table.beginResolve(tx.root) != TransactionTable.Claim.FIRST) {
            return done(Status.ALREADY_RESOLVED, "transaction " + tx.root + " already resolved");
        }
        return decide(half, tx.root, action == Action.COMMIT, admin, false, true);
    }

    private static boolean isRoot(String name) {
        return name.length() <= 18 && name.chars().allMatch(Character::isDigit);
    }

    private static List<PendingTransaction> single(PendingTransaction tx) {
        return tx == null ? List.of() : List.of(tx);
    }

    /** Whether {@code name} names a transaction this broker had and no longer has pending or stuck. */
    private boolean resolvedBefore(String name) {
        if (isRoot(name)) {
            long root = Long.parseLong(name);
            return root < table.ingestedUpTo();
        }
        return lookup.query(SystemTopics.TRANS_HALF_TOPIC, name, 0).stream()
                .anyMatch(half -> name.equals(half.getUniqKey()));
    }

    /** Pending transactions with their age and check count, oldest first. */
    public List<PendingTransaction.View> pending() {
        return list(view -> view.state() == PendingTransaction.State.PENDING);
    }

    /** Pending then stuck transactions that {@code filter} accepts, each in root order. */
    public List<PendingTransaction.View> list(Predicate<PendingTransaction.View> filter) {
        List<PendingTransaction.View> views = new ArrayList<>();
        for (PendingTransaction.View view : table.views(clock.millis())) {
            if (filter.test(view)) {
                views.add(view);
            }
        }
        return views;
    }

    /** The history of the transaction with unique id {@code transactionId}, or null when the store has none. */
    public TransactionTimeline timeline(String transactionId) {
        return TransactionTimeline.build(transactionId, lookup, table);
    }

    /** The histories of the transactions of {@code topic} (any topic when null) whose keys contain {@code key}. */
    public List<TransactionTimeline> timelinesByKey(String topic, String key) {
        List<TransactionTimeline> timelines = new ArrayList<>();
        for (String id : TransactionTimeline.idsByKey(topic, key, lookup)) {
            TransactionTimeline timeline = timeline(id);
            if (timeline != null) {
                timelines.add(timeline);
            }
        }
        return timelines;
    }

    public TransactionStats.Snapshot stats() {
        return stats.snapshot(table.pendingCount(), table.stuckCount());
    }

    public int pendingCount() {
        return table.pendingCount();
    }
}
