package io.ferrymq.transaction;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.topic.SystemTopics;

/**
 * The shapes a transactional message takes: the half record in {@code RMQ_SYS_TRANS_HALF_TOPIC},
 * the committed message in its real topic, and the copy sent with a check-back.
 */
public final class HalfMessages {
    public static final int HALF_QUEUE_ID = 0;
    /** On a half message written by "check again": the root of the stuck transaction it continues. */
    static final String P_PREVIOUS_ROOT = "TXPREV";
    /** Broker-internal properties that never reach the committed message or a check-back. */
    private static final String[] INTERNAL = {MessageConst.REAL_TOPIC, MessageConst.REAL_QID, MessageConst.TRAN_MSG,
        MessageConst.TRANSACTION_CHECK_TIMES, MessageConst.TRAN_PREPARED_QUEUE_OFFSET, P_PREVIOUS_ROOT,
        StuckQueue.P_RECORD, StuckQueue.P_HALF_OFFSET, StuckQueue.P_HALF_TIME, StuckQueue.P_LAST_CHECK_TIME,
        StuckQueue.P_LAST_CHECK_TARGET};

    private HalfMessages() {
    }

    /**
     * The half record for {@code msg}: real topic and queue kept in properties, transaction bits
     * reset so the half queue indexes it. A delay the message carries is kept for the commit.
     */
    public static MessageExt toHalf(MessageExt msg) {
        MessageExt half = copy(msg);
        half.putProperty(MessageConst.REAL_TOPIC, msg.getTopic());
        half.putProperty(MessageConst.REAL_QID, Integer.toString(msg.getQueueId()));
        half.setTopic(SystemTopics.TRANS_HALF_TOPIC);
        half.setQueueId(HALF_QUEUE_ID);
        half.setSysFlag(MessageSysFlag.resetTransactionValue(msg.getSysFlag(), MessageSysFlag.TRANSACTION_NOT_TYPE));
        return half;
    }

    /** The message a commit stores: real topic and queue, COMMIT type, pointing back at its half record. */
    public static MessageExt toCommitted(MessageExt half) {
        return toCommitted(half, half.getCommitLogOffset());
    }

    /**
     * The message a commit stores from {@code source}: the half message, or a copy of it (stuck
     * transactions) whose half message is at commit-log offset {@code halfCommitLogOffset}.
     */
    static MessageExt toCommitted(MessageExt source, long halfCommitLogOffset) {
        MessageExt committed = copy(source);
        committed.setTopic(realTopic(source));
        committed.setQueueId(realQueueId(source));
        for (String key : INTERNAL) {
            committed.removeProperty(key);
        }
        committed.setSysFlag(MessageSysFlag.resetTransactionValue(source.getSysFlag(),
                MessageSysFlag.TRANSACTION_COMMIT_TYPE));
        committed.setPreparedTransactionOffset(halfCommitLogOffset);
        return committed;
    }

    /**
     * A new half message continuing the stuck transaction {@code previousRoot} from its copy: checked
     * at once, with a fresh check count.
     */
    static MessageExt toHalfAgain(MessageExt stuckCopy, long previousRoot) {
        MessageExt half = copy(stuckCopy);
        for (String key : INTERNAL) {
            if (!key.equals(MessageConst.REAL_TOPIC) && !key.equals(MessageConst.REAL_QID)
                    && !key.equals(StuckQueue.P_HALF_OFFSET)) {
                half.removeProperty(key);
            }
        }
        half.putProperty(P_PREVIOUS_ROOT, Long.toString(previousRoot));
        half.setTopic(SystemTopics.TRANS_HALF_TOPIC);
        half.setQueueId(HALF_QUEUE_ID);
        return half;
    }

    /** The body of a check-back: the half record with its real topic and queue restored. */
    public static MessageExt forCheck(MessageExt half, int checkTimes) {
        MessageExt check = copy(half);
        check.setTopic(realTopic(half));
        check.setQueueId(realQueueId(half));
        check.setQueueOffset(half.getQueueOffset());
        check.setCommitLogOffset(half.getCommitLogOffset());
        check.putProperty(MessageConst.TRANSACTION_CHECK_TIMES, Integer.toString(checkTimes));
        return check;
    }

    public static String realTopic(MessageExt half) {
        String topic = half.getProperty(MessageConst.REAL_TOPIC);
        if (topic == null) {
            throw new IllegalArgumentException("half message at " + half.getCommitLogOffset() + " has no REAL_TOPIC");
        }
        return topic;
    }

    public static int realQueueId(MessageExt half) {
        String queue = half.getProperty(MessageConst.REAL_QID);
        try {
            return queue == null ? 0 : Integer.parseInt(queue);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("half message at " + half.getCommitLogOffset() + " has bad REAL_QID "
                    + queue);
        }
    }

    /**
     * Immunity before the first check: none for a transaction checked again by an operator, else the
     * producer's CHECK_IMMUNITY_TIME_IN_SECONDS, else the timeout.
     */
    public static long immunityMillis(MessageExt half, long defaultMillis) {
        if (half.getProperty(P_PREVIOUS_ROOT) != null) {
            return 0;
        }
        String seconds = half.getProperty(MessageConst.CHECK_IMMUNITY_TIME_IN_SECONDS);
        if (seconds != null) {
            try {
                long value = Long.parseLong(seconds.trim());
                if (value >= 0) {
                    return value * 1000;
                }
            } catch (NumberFormatException ignored) {
                // a malformed value falls back to the broker's timeout
            }
        }
        return defaultMillis;
    }

    /** Commit-log offset of the transaction's first half message: carried by copies, else {@code orElse}. */
    static long firstHalfOffset(MessageExt halfOrCopy, long orElse) {
        String value = halfOrCopy.getProperty(StuckQueue.P_HALF_OFFSET);
        if (value != null) {
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException ignored) {
                // a damaged property: fall back
            }
        }
        return orElse;
    }

    static MessageExt copyOf(MessageExt src) {
        return copy(src);
    }

    private static MessageExt copy(MessageExt src) {
        MessageExt dst = new MessageExt();
        dst.setTopic(src.getTopic());
        dst.setFlag(src.getFlag());
        dst.setBody(src.getBody());
        dst.setProperties(src.getProperties());
        dst.setQueueId(src.getQueueId());
        dst.setSysFlag(src.getSysFlag());
        dst.setBornTimestamp(src.getBornTimestamp());
        dst.setBornHost(src.getBornHost());
        dst.setStoreTimestamp(src.getStoreTimestamp());
        dst.setStoreHost(src.getStoreHost());
        dst.setReconsumeTimes(src.getReconsumeTimes());
        return dst;
    }
}
