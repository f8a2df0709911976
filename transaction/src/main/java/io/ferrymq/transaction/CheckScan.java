package io.ferrymq.transaction;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.agent.Agent;
import io.ferrymq.store.commitlog.PutResult;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of the check-back service, every {@code scanPeriodMillis}: read new op records, read new
 * half records, send the checks that are due, set aside transactions whose checks are exhausted,
 * keep old pending and stuck transactions ahead of retention, and save progress. Runs on its own
 * thread ({@link io.ferrymq.store.agent.AgentRunner}). A pass reads only records appended since the
 * previous one: its cost does not grow with the transactions resolved before.
 *
 * <p>Why the op floor is safe: dispatch follows commit-log order, so a half record not yet read when
 * a pass took its snapshots was appended after the op-queue snapshot of that pass; every op about it
 * is at or after that snapshot, which is the op mark it is ingested with.
 *
 * <p>Retention: progress never needs records older than the oldest pending half message (and the op
 * mark it was read with). A pending transaction older than {@code maxPendingAgeMillis} (half the
 * store's {@code fileReservedTime}: its producer group has been gone that long) is set aside as
 * stuck, and a stuck copy older than that is written again, so time-based retention never takes a
 * transaction and the saved progress never pins the op and half queues for longer than that.
 */
final class CheckScan implements Agent {
    private static final Logger LOG = LoggerFactory.getLogger(CheckScan.class);
    static final String HALF_PROGRESS = "half";
    static final String OP_PROGRESS = "op";
    static final String STUCK_PROGRESS = "stuck";
    private static final int MAX_CHECKS_PER_PASS = 10_000;
    private static final int MAX_MOVES_PER_PASS = 1_000;
    private static final long NO_PRODUCER_RETRY_MILLIS = 1_000;

    /** What one pass did. */
    record Pass(long opsRead, long halvesRead, int checksHandled) {
    }

    private final TransactionConfig config;
    private final TransactionTable table;
    private final OpLog opLog;
    private final StuckQueue stuckQueue;
    private final CheckBackSender sender;
    private final ProgressStore progress;
    private final InstantSource clock;
    private final TransactionStats stats;
    private final long maxPendingAgeMillis;
    private final QueueReader halfQueue;
    private final QueueReader opQueue;
    private final MessageStore store;
    private final Map<String, RateLimiter> limiters = new HashMap<>();
    private long opReadUpTo;
    /** The op-queue end seen by the previous pass: the op mark of half records read in this one. */
    private long opMarkOfPreviousPass;
    private long lastOpSnapshot;
    private long lastSavedHalf = -1;
    private long lastSavedOp = -1;
    private long lastSavedStuck = -1;
    private Pass lastPass = new Pass(0, 0, 0);

    CheckScan(TransactionConfig config, MessageStore store, TransactionTable table, OpLog opLog, StuckQueue stuckQueue,
              CheckBackSender sender, ProgressStore progress, InstantSource clock, TransactionStats stats,
              long maxPendingAgeMillis, long opReadFrom) {
        this.config = config;
        this.store = store;
        this.table = table;
        this.opLog = opLog;
        this.stuckQueue = stuckQueue;
        this.sender = sender;
        this.progress = progress;
        this.clock = clock;
        this.stats = stats;
        this.maxPendingAgeMillis = maxPendingAgeMillis;
        this.halfQueue = new QueueReader(store, SystemTopics.TRANS_HALF_TOPIC, HalfMessages.HALF_QUEUE_ID);
        this.opQueue = new QueueReader(store, SystemTopics.TRANS_OP_HALF_TOPIC, OpLog.OP_QUEUE_ID);
        this.opReadUpTo = opReadFrom;
        this.opMarkOfPreviousPass = opReadFrom;
        this.lastOpSnapshot = opReadFrom;
    }

    @Override
    public String roleName() {
        return "TransactionCheckScan";
    }

    @Override
    public int doWork() {
        long opSnapshot = opQueue.maxOffset();
        int ops = readOps(opSnapshot);
        int halves = readHalves(opMarkOfPreviousPass);
        opMarkOfPreviousPass = opSnapshot;
        int checks = sendDueChecks();
        int moved = keepAheadOfRetention();
        saveProgress(opSnapshot);
        lastPass = new Pass(ops, halves, checks);
        // Work left over (a bound was hit) means run again now; otherwise the runner waits a scan period.
        // Reporting every record read would make the runner loop back at once under load, a pass per
        // handful of records.
        return checks >= MAX_CHECKS_PER_PASS || moved >= MAX_MOVES_PER_PASS ? 1 : 0;
    }

    Pass lastPass() {
        return lastPass;
    }

    /** Reads op records up to {@code snapshot}; returns how many. */
    private int readOps(long snapshot) {
        long from = opReadUpTo;
        opReadUpTo = opQueue.readRecords(from, snapshot, (offset, record) -> {
            OpEntry.Head op = OpEntry.headOf(record);
            if (op != null) {
                table.onOp(op, MessageRecord.storeTimestamp(record, 0));
            }
        });
        return (int) (opReadUpTo - from);
    }

    /** Reads half records up to the current end of the half queue; returns how many. */
    private int readHalves(long opMark) {
        long snapshot = halfQueue.maxOffset();
        long from = table.ingestedUpTo();
        // Most halves were committed or rolled back before the pass reaches them: those are not decoded.
        long reached = halfQueue.readRecords(from, snapshot, (offset, half) -> {
            if (!table.ingestIfSettled(offset)) {
                table.ingest(pendingOf(offset, QueueReader.decode(half)), opMark);
            }
        });
        table.skipTo(reached);
        table.compact();
        stats.halves.add(reached - from);
        return (int) (reached - from);
    }

    private PendingTransaction pendingOf(long queueOffset, MessageExt half) {
        long due = half.getStoreTimestamp() + HalfMessages.immunityMillis(half, config.timeoutMillis());
        return new PendingTransaction(queueOffset, half.getCommitLogOffset(), half.getProperty(MessageConst.PGROUP),
                half.getProperty(MessageConst.REAL_TOPIC), half.getUniqKey(), half.getKeys(), half.getBornHost(),
                half.getStoreTimestamp(), due);
    }

    /** Sends the checks that are due (rate-limited per group); returns how many transactions it handled. */
    private int sendDueChecks() {
        long now = clock.millis();
        List<PendingTransaction> due = table.due(now, MAX_CHECKS_PER_PASS);
        for (PendingTransaction tx : due) {
            if (tx.checks >= config.checkMax()) {
                setAside(tx, now, "stuck after " + tx.checks + " check-backs");
                continue;
            }
            RateLimiter limiter = limiters.computeIfAbsent(String.valueOf(tx.producerGroup),
                    g -> new RateLimiter(config.checksPerSecondPerGroup(), now));
            if (!limiter.tryAcquire(now)) {
                table.reschedule(tx, now + config.scanPeriodMillis());
                continue;
            }
            check(tx, now);
        }
        return due.size();
    }

    private void check(PendingTransaction tx, long now) {
        MessageExt half = QueueReader.readAt(store, tx.commitLogOffset);
        if (half == null) {
            setAside(tx, now, "half message gone");
            return;
        }
        String target;
        try {
            target = sender.sendCheck(tx.producerGroup, tx.bornHost, HalfMessages.forCheck(half, tx.checks + 1));
        } catch (RuntimeException e) {
            LOG.warn("check-back of transaction {} (group {}) failed: {}", tx.root, tx.producerGroup, e.toString());
            target = null;
        }
        if (target == null) {
            table.reschedule(tx, now + Math.min(NO_PRODUCER_RETRY_MILLIS, config.checkIntervalMillis()));
            return;
        }
        table.countCheck(tx, now, target);
        stats.checksSent.increment();
        opLog.append(OpEntry.checked(tx.root, tx.transactionId, target));
        table.reschedule(tx, now + config.checkIntervalMillis());
        LOG.debug("check-back {} of transaction {} sent to {} of group {}", tx.checks, tx.root, target,
                tx.producerGroup);
    }

    /**
     * Moves a pending transaction to the stuck set: a copy in the check-max topic, then an op record.
     * Waits for the copy (rare, and the scan must not run ahead of it).
     */
    private boolean setAside(PendingTransaction tx, long now, String why) {
        if (!table.beginSetAside(tx)) {
            return false;
        }
        MessageExt half = QueueReader.readAt(store, tx.commitLogOffset);
        if (half == null) {
            table.drop(tx);
            LOG.error("transaction {} (group {}, topic {}, id {}) lost: its half message at {} is no longer in the "
                    + "store", tx.root, tx.producerGroup, tx.realTopic, tx.transactionId, tx.commitLogOffset);
            opLog.append(OpEntry.stuck(tx.root, tx.transactionId));
            return true;
        }
        PutResult copy = stuckQueue.putCopy(half, tx).exceptionally(e -> null).join();
        if (copy == null || !copy.isOk()) {
            table.release(tx);
            table.reschedule(tx, now + config.checkIntervalMillis());
            LOG.warn("transaction {} could not be set aside ({}): trying again later", tx.root,
                    copy == null ? "error" : copy.status());
            return false;
        }
        table.finishSetAside(tx, copy.queueOffset(), copy.physicalOffset(), copy.storeTimestamp());
        opLog.append(OpEntry.stuck(tx.root, tx.transactionId));
        stats.setAside.increment();
        LOG.warn("transaction {} (group {}, topic {}, id {}) {}: kept in {} for an operator", tx.root,
                tx.producerGroup, tx.realTopic, tx.transactionId, why, SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC);
        return true;
    }

    /**
     * Sets aside pending transactions, and writes again stuck copies, older than the pending-age limit,
     * oldest first (bounded per pass); returns how many.
     */
    private int keepAheadOfRetention() {
        long now = clock.millis();
        long limit = now - maxPendingAgeMillis;
        int moved = 0;
        PendingTransaction oldest;
        while (moved < MAX_MOVES_PER_PASS && (oldest = table.oldestPending()) != null
                && oldest.storeTimestamp < limit) {
            if (!setAside(oldest, now, "pending for " + (now - oldest.storeTimestamp) / 1000
                    + " s without a decision")) {
                break; // being resolved, or the copy failed: next pass
            }
            moved++;
        }
        while (moved < MAX_MOVES_PER_PASS && (oldest = table.oldestStuckCopiedBefore(limit)) != null) {
            if (!refresh(oldest)) {
                break;
            }
            moved++;
        }
        return moved;
    }

    /** Writes a stuck transaction's copy again at the head of the log; false when it could not now. */
    private boolean refresh(PendingTransaction tx) {
        if (table.claimStuck(tx.root) != tx) {
            return false;
        }
        MessageExt copy = stuckQueue.readCopy(tx);
        if (copy == null) {
            table.finishStuck(tx, false);
            LOG.error("stuck transaction {} (id {}): its copy at {} is no longer in the store", tx.root,
                    tx.transactionId, tx.stuckCommitLogOffset);
            return false;
        }
        PutResult put = stuckQueue.putCopy(copy, tx).exceptionally(e -> null).join();
        if (put == null || !put.isOk()) {
            table.finishStuck(tx, false);
            return false;
        }
        table.movedStuck(tx, put.queueOffset(), put.physicalOffset(), put.storeTimestamp());
        LOG.info("stuck transaction {} (id {}) copied again ahead of retention", tx.root, tx.transactionId);
        return true;
    }

    private void saveProgress(long opSnapshot) {
        lastOpSnapshot = opSnapshot;
        long half = table.halfFloor();
        long op = table.opFloor(opSnapshot);
        long stuck = table.stuckFloor(stuckQueue.maxOffset());
        if (half != lastSavedHalf || op != lastSavedOp || stuck != lastSavedStuck) {
            progress.save(HALF_PROGRESS, half);
            progress.save(OP_PROGRESS, op);
            progress.save(STUCK_PROGRESS, stuck);
            lastSavedHalf = half;
            lastSavedOp = op;
            lastSavedStuck = stuck;
        }
    }

    @Override
    public void onClose() {
        saveProgress(lastOpSnapshot);
    }

    /** A token bucket refilled continuously, {@code perSecond} tokens a second, burst of the same size. */
    private static final class RateLimiter {
        private final double perMilli;
        private final double capacity;
        private double tokens;
        private long lastMillis;

        RateLimiter(int perSecond, long nowMillis) {
            this.perMilli = perSecond / 1000.0;
            this.capacity = perSecond;
            this.tokens = perSecond;
            this.lastMillis = nowMillis;
        }

        boolean tryAcquire(long nowMillis) {
            tokens = Math.min(capacity, tokens + (nowMillis - lastMillis) * perMilli);
            lastMillis = nowMillis;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
