package io.ferrymq.broker.send;

import io.ferrymq.broker.timer.TimerRewrite;
import io.ferrymq.broker.topic.TopicConfigManager;
import io.ferrymq.common.PermName;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.MessageStore;
import io.ferrymq.transaction.HalfMessages;
import io.ferrymq.store.commitlog.PutResult;
import io.ferrymq.store.commitlog.PutStatus;
import java.util.concurrent.CompletableFuture;

/**
 * Every message the broker writes goes through here: a transactional half message goes to
 * {@code RMQ_SYS_TRANS_HALF_TOPIC} queue 0; a timer message (TIMER_DELAY_SEC / TIMER_DELAY_MS /
 * TIMER_DELIVER_MS) whose time is ahead goes to {@code rmq_sys_wheel_timer} ({@link TimerRewrite}); a
 * positive {@code DELAY} reroutes it through {@code SCHEDULE_TOPIC_XXXX} (queue = level - 1, real topic and
 * queue kept in properties); then the store appends it. Committed transactional messages come through here
 * too, so delays and timers start at the commit.
 */
public final class MessageWriter {
    private final MessageStore store;
    private final TopicConfigManager topics;
    private final int delayLevels;
    private final TimerRewrite timers;

    /** Without timer messages: their properties are carried through untouched. */
    public MessageWriter(MessageStore store, TopicConfigManager topics, int delayLevels) {
        this(store, topics, delayLevels, null);
    }

    /** With timer messages rerouted by {@code timers} (null: none). */
    public MessageWriter(MessageStore store, TopicConfigManager topics, int delayLevels, TimerRewrite timers) {
        this.store = store;
        this.topics = topics;
        this.delayLevels = delayLevels;
        this.timers = timers;
    }

    public CompletableFuture<PutResult> put(MessageExt msg) {
        if ("true".equals(msg.getProperty(MessageConst.TRAN_MSG))
                && MessageSysFlag.transactionType(msg.getSysFlag()) == MessageSysFlag.TRANSACTION_PREPARED_TYPE) {
            topics.findOrCreateSystem(SystemTopics.TRANS_HALF_TOPIC, 1, PermName.PERM_READ_WRITE);
            return store.putMessage(HalfMessages.toHalf(msg));
        }
        if (timers != null) {
            switch (timers.apply(msg)) {
                case ILLEGAL -> {
                    return CompletableFuture.completedFuture(PutResult.failure(PutStatus.WHEEL_TIMER_MSG_ILLEGAL));
                }
                case NOT_ENABLED -> {
                    return CompletableFuture.completedFuture(PutResult.failure(PutStatus.WHEEL_TIMER_NOT_ENABLE));
                }
                case PARKED -> {
                    topics.findOrCreateSystem(SystemTopics.TIMER_TOPIC, 1, PermName.PERM_READ_WRITE);
                    return store.putMessage(msg);
                }
                case NOT_TIMER, DUE -> {
                    // stored in its own topic below (a delay level still applies)
                }
            }
        }
        applyDelay(msg);
        return store.putMessage(msg);
    }

    private void applyDelay(MessageExt msg) {
        String delay = msg.getProperty(MessageConst.DELAY);
        if (delay == null || delayLevels == 0) {
            return;
        }
        int type = MessageSysFlag.transactionType(msg.getSysFlag());
        if (type != MessageSysFlag.TRANSACTION_NOT_TYPE && type != MessageSysFlag.TRANSACTION_COMMIT_TYPE) {
            return;
        }
        int level;
        try {
            level = Integer.parseInt(delay.trim());
        } catch (NumberFormatException e) {
            return;
        }
        if (level <= 0) {
            return;
        }
        if (level > delayLevels) {
            level = delayLevels;
            msg.putProperty(MessageConst.DELAY, Integer.toString(level));
        }
        msg.putProperty(MessageConst.REAL_TOPIC, msg.getTopic());
        msg.putProperty(MessageConst.REAL_QID, Integer.toString(msg.getQueueId()));
        msg.setTopic(SystemTopics.SCHEDULE_TOPIC);
        msg.setQueueId(level - 1);
    }

    /** The response code for a store outcome. */
    public static int responseCode(PutStatus status) {
        return switch (status) {
            case PUT_OK -> ResponseCode.SUCCESS;
            case FLUSH_DISK_TIMEOUT -> ResponseCode.FLUSH_DISK_TIMEOUT;
            case SERVICE_NOT_AVAILABLE, DISK_FULL -> ResponseCode.SERVICE_NOT_AVAILABLE;
            case MESSAGE_ILLEGAL, PROPERTIES_SIZE_EXCEEDED, WHEEL_TIMER_MSG_ILLEGAL -> ResponseCode.MESSAGE_ILLEGAL;
            case WHEEL_TIMER_NOT_ENABLE -> ResponseCode.SYSTEM_ERROR;
            case OS_PAGE_CACHE_BUSY -> ResponseCode.SYSTEM_BUSY;
            case CREATE_MAPPED_FILE_FAILED, UNKNOWN_ERROR -> ResponseCode.SYSTEM_ERROR;
        };
    }

    /** A readable remark for a failed outcome of {@link #put}. */
    public String remark(PutStatus status) {
        if (status == PutStatus.WHEEL_TIMER_MSG_ILLEGAL && timers != null) {
            return timers.illegalRemark();
        }
        return remark(status, store.config().maxMessageSize());
    }

    /** A readable remark for a failed store outcome. */
    public static String remark(PutStatus status, int maxMessageSize) {
        return switch (status) {
            case PUT_OK, FLUSH_DISK_TIMEOUT -> null;
            case SERVICE_NOT_AVAILABLE -> "service not available now: the store is not accepting writes";
            case DISK_FULL -> "service not available now: the disk is full, writes are refused until space is freed";
            case MESSAGE_ILLEGAL -> "the message is illegal: it is larger than maxMessageSize " + maxMessageSize
                    + " bytes or malformed";
            case PROPERTIES_SIZE_EXCEEDED -> "the message properties are longer than 32767 bytes";
            case OS_PAGE_CACHE_BUSY -> "[PC_SYNCHRONIZED]broker busy, start flow control for a while";
            case CREATE_MAPPED_FILE_FAILED -> "create mapped file failed, server is busy or broken";
            case WHEEL_TIMER_MSG_ILLEGAL -> "timer message illegal, the delay time should not be bigger than the max"
                    + " delay (timerMaxDelaySec); or if set del msg, the delay time should be bigger than the current time";
            case WHEEL_TIMER_NOT_ENABLE -> "accurate timer message is not enabled, timerWheelEnable is false";
            case UNKNOWN_ERROR -> "unknown error while storing the message";
        };
    }
}
