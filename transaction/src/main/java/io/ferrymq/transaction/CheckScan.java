package io.ferrymq.transaction;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.agent.Agent;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pass of the check-back service, every {@code scanPeriodMillis}: read new op records, read new
 * half records, send the checks that are due, set aside transactions whose checks are exhausted,
 * and save progress. Runs on its own thread ({@link io.ferrymq.store.agent.AgentRunner}).
 *
 * <p>Why the op floor is safe: dispatch follows commit-log order, so a half record not yet read when
 * a pass took its snapshots was appended after the op-queue snapshot of that pass; every op about it
 * is at or after that snapshot, which is the op mark it is ingested with.
 */
final class CheckScan implements Agent {
    private static final Logger LOG = LoggerFactory.getLogger(CheckScan.class);
    static final String HALF_PROGRESS = "half";
    static final String OP_PROGRESS = "op";
    private static final int MAX_CHECKS_PER_PASS = 10_000;
    private static final long NO_PRODUCER_RETRY_MILLIS = 1_000;

    private final TransactionConfig config;
    private final MessageStore store;
    private final TransactionTable table;
    private final OpLog opLog;
    private final CheckBackSender sender;
    private final ProgressStore progress;
    private final InstantSource clock;
    private final QueueReader halfQueue;
    private final QueueReader opQueue;
    private final Map<String, RateLimiter> limiters = new HashMap<>();
    private long opReadUpTo;
    /** The op-queue end seen by the previous pass: the op mark of half records read in this one. */
    private long opMarkOfPreviousPass;
    private long lastOpSnapshot;
    private long lastSavedHalf = -1;
    private long lastSavedOp = -1;

    CheckScan(TransactionConfig config, MessageStore store, TransactionTable table, OpLog opLog, CheckBackSender sender,
              ProgressStore progress, InstantSource clock, long opReadFrom) {
        this.config = config;
        this.store = store;
        this.table = table;
        this.opLog = opLog;
        this.sender = sender;
        this.progress = progress;
        this.clock = clock;
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
        int work = readOps(opSnapshot);
        work += readHalves(opMarkOfPreviousPass);
        opMarkOfPreviousPass = opSnapshot;
        work += sendDueChecks();
        saveProgress(opSnapshot);
        return work;
    }

    /** Reads op records up to {@code snapshot}; returns how many. */
    private int readOps(long snapshot) {
        long from = opReadUpTo;
        opReadUpTo = opQueue.read(from, snapshot, (offset, op) -> {
            OpKind kind = OpKind.ofTag(op.getTags());
            long root = OpLog.rootOf(op);
            if (kind != null && root >= 0) {
                table.onOp(root, kind, op.getStoreTimestamp());
            }
        });
        return (int) (opReadUpTo - from);
    }

    /** Reads half records up to the current end of the half queue; returns how many. */
    private int readHalves(long opMark) {
        long snapshot = halfQueue.maxOffset();
        long from = table.ingestedUpTo();
        long reached = halfQueue.read(from, snapshot, (offset, half) -> table.ingest(pendingOf(offset, half), opMark));
        table.skipTo(reached);
        table.compact();
        return (int) (reached - from);
    }

    private PendingTransaction pendingOf(long queueOffset, MessageExt half) {
        long due = half.getStoreTimestamp() + HalfMessages.immunityMillis(half, config.timeoutMillis());
        return new PendingTransaction(queueOffset, half.getCommitLogOffset(), half.getProperty(MessageConst.PGROUP),
                half.getProperty(MessageConst.REAL_TOPIC), half.getUniqKey(), half.getBornHost(),
                half.getStoreTimestamp(), due);
    }

    /** Sends the checks that are due (rate-limited per group); returns how many transactions it handled. */
    private int sendDueChecks() {
        long now = clock.millis();
        List<PendingTransaction> due = table.due(now, MAX_CHECKS_PER_PASS);
        for (PendingTransaction tx : due) {
            if (tx.checks >= config.checkMax()) {
                setAside(tx);
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
        MessageExt half = readHalf(tx.commitLogOffset);
        if (half == null) {
            LOG.warn("half message of transaction {} at {} is gone (retention?); setting it aside", tx.root,
                    tx.commitLogOffset);
            table.setAside(tx);
            return;
        }
        boolean sent;
        try {
            sent = sender.sendCheck(tx.producerGroup, tx.bornHost, HalfMessages.forCheck(half, tx.checks + 1));
        } catch (RuntimeException e) {
            LOG.warn("check-back of transaction {} (group {}) failed: {}", tx.root, tx.producerGroup, e.toString());
            sent = false;
        }
        if (!sent) {
            table.reschedule(tx, now + Math.min(NO_PRODUCER_RETRY_MILLIS, config.checkIntervalMillis()));
            return;
        }
        table.countCheck(tx);
        opLog.append(tx.root, OpKind.CHECKED);
        table.reschedule(tx, now + config.checkIntervalMillis());
        LOG.debug("check-back {} of transaction {} sent to group {}", tx.checks, tx.root, tx.producerGroup);
    }

    private void setAside(PendingTransaction tx) {
        if (!table.setAside(tx)) {
            return;
        }
        MessageExt half = readHalf(tx.commitLogOffset);
        if (half != null) {
            half.setTopic(SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC);
            half.setQueueId(0);
            half.putProperty(MessageConst.TRAN_PREPARED_QUEUE_OFFSET, Long.toString(tx.root));
            half.putProperty(MessageConst.TRANSACTION_CHECK_TIMES, Integer.toString(tx.checks));
            store.putMessage(half);
        }
        opLog.append(tx.root, OpKind.STUCK);
        LOG.warn("transaction {} (group {}, topic {}, id {}) stuck after {} check-backs: kept in {} for an operator",
                tx.root, tx.producerGroup, tx.realTopic, tx.transactionId, tx.checks,
                SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC);
    }

    private MessageExt readHalf(long commitLogOffset) {
        return QueueReader.readAt(store, commitLogOffset);
    }

    private void saveProgress(long opSnapshot) {
        lastOpSnapshot = opSnapshot;
        long half = table.halfFloor();
        long op = table.opFloor(opSnapshot);
        if (half != lastSavedHalf || op != lastSavedOp) {
            progress.save(HALF_PROGRESS, half);
            progress.save(OP_PROGRESS, op);
            lastSavedHalf = half;
            lastSavedOp = op;
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
