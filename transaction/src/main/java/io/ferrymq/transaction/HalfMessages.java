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
        MessageExt committed = copy(half);
        committed.setTopic(realTopic(half));
        committed.setQueueId(realQueueId(half));
        committed.removeProperty(MessageConst.REAL_TOPIC);
        committed.removeProperty(MessageConst.REAL_QID);
        committed.removeProperty(MessageConst.TRAN_MSG);
        committed.removeProperty(MessageConst.TRANSACTION_CHECK_TIMES);
        committed.setSysFlag(MessageSysFlag.resetTransactionValue(half.getSysFlag(),
                MessageSysFlag.TRANSACTION_COMMIT_TYPE));
        committed.setPreparedTransactionOffset(half.getCommitLogOffset());
        return committed;
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

    /** Immunity before the first check: the producer's CHECK_IMMUNITY_TIME_IN_SECONDS, else the timeout. */
    public static long immunityMillis(MessageExt half, long defaultMillis) {
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
