package io.ferrymq.broker.timer;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.message.UniqueIdGenerator;
import io.ferrymq.common.topic.SystemTopics;
import java.time.Duration;
import java.time.InstantSource;

/**
 * The send-path half of timer messages (RocketMQ 5's arbitrary delivery time): a message carrying
 * {@code TIMER_DELAY_SEC}, {@code TIMER_DELAY_MS} (relative to now, looked at in that order) or
 * {@code TIMER_DELIVER_MS} (epoch ms) whose time is still ahead is rerouted to {@code rmq_sys_wheel_timer}
 * queue 0 with {@code TIMER_OUT_MS} (the delivery time), {@code REAL_TOPIC} and {@code REAL_QID}; the
 * {@link TimerMessageService} puts it back at that time. A time already passed leaves the message as it is
 * (delivered at once). A delay level wins over timer properties (they are dropped), and a message that
 * already has {@code TIMER_OUT_MS} (a delivered timer) is never parked again. Only normal and committed
 * transactional messages are timed: a half message starts its timer when committed. Thread-safe.
 */
public final class TimerRewrite {

    /** What {@link #apply} did. */
    public enum Outcome {
        /** No timer properties (or a delay level, or already delivered): unchanged. */
        NOT_TIMER,
        /** Rerouted to the timer topic. */
        PARKED,
        /** The time has come already: unchanged, to be stored in its topic now. */
        DUE,
        /** Unparseable, or further ahead than timerMaxDelaySec: refuse the message. */
        ILLEGAL,
        /** timerWheelEnable=false and the message asks for a time: refuse it. */
        NOT_ENABLED
    }

    private final boolean enabled;
    private final long maxDelayMillis;
    private final InstantSource clock;
    private final UniqueIdGenerator ids;

    public TimerRewrite(boolean enabled, Duration maxDelay, InstantSource clock, UniqueIdGenerator ids) {
        this.enabled = enabled;
        this.maxDelayMillis = maxDelay.compareTo(Duration.ofDays(365L * 1000)) > 0 ? Duration.ofDays(365L * 1000).toMillis()
                : maxDelay.toMillis();
        this.clock = clock;
        this.ids = ids;
    }

    public long maxDelayMillis() {
        return maxDelayMillis;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Reroutes {@code msg} in place when it is a timer message whose time is ahead. */
    public Outcome apply(MessageExt msg) {
        String delaySec = msg.getProperty(MessageConst.TIMER_DELAY_SEC);
        String delayMs = msg.getProperty(MessageConst.TIMER_DELAY_MS);
        String deliverMs = msg.getProperty(MessageConst.TIMER_DELIVER_MS);
        if (delaySec == null && delayMs == null && deliverMs == null) {
            return Outcome.NOT_TIMER;
        }
        int type = MessageSysFlag.transactionType(msg.getSysFlag());
        if (type != MessageSysFlag.TRANSACTION_NOT_TYPE && type != MessageSysFlag.TRANSACTION_COMMIT_TYPE) {
            return Outcome.NOT_TIMER;
        }
        if (hasDelayLevel(msg)) {
            msg.removeProperty(MessageConst.TIMER_DELAY_SEC);
            msg.removeProperty(MessageConst.TIMER_DELAY_MS);
            msg.removeProperty(MessageConst.TIMER_DELIVER_MS);
            return Outcome.NOT_TIMER;
        }
        if (SystemTopics.TIMER_TOPIC.equals(msg.getTopic()) || msg.getProperty(MessageConst.TIMER_OUT_MS) != null) {
            return Outcome.NOT_TIMER;
        }
        if (!enabled) {
            return Outcome.NOT_ENABLED;
        }
        long now = clock.millis();
        long due;
        try {
            if (delaySec != null) {
                due = Math.addExact(now, Math.multiplyExact(Long.parseLong(delaySec.trim()), 1000L));
            } else if (delayMs != null) {
                due = Math.addExact(now, Long.parseLong(delayMs.trim()));
            } else {
                due = Long.parseLong(deliverMs.trim());
            }
        } catch (NumberFormatException | ArithmeticException e) {
            return Outcome.ILLEGAL;
        }
        if (due <= now) {
            return Outcome.DUE;
        }
        if (due - now > maxDelayMillis) {
            return Outcome.ILLEGAL;
        }
        if (msg.getProperty(MessageConst.UNIQ_KEY) == null) {
            // the timer's identity across restarts (see TimerMessageService)
            msg.putProperty(MessageConst.UNIQ_KEY, ids.next());
        }
        msg.putProperty(MessageConst.TIMER_OUT_MS, Long.toString(due));
        msg.putProperty(MessageConst.REAL_TOPIC, msg.getTopic());
        msg.putProperty(MessageConst.REAL_QID, Integer.toString(msg.getQueueId()));
        msg.setTopic(SystemTopics.TIMER_TOPIC);
        msg.setQueueId(0);
        return Outcome.PARKED;
    }

    private static boolean hasDelayLevel(MessageExt msg) {
        String level = msg.getProperty(MessageConst.DELAY);
        if (level == null) {
            return false;
        }
        try {
            return Integer.parseInt(level.trim()) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** RocketMQ's remark for a refused timer message. */
    public String illegalRemark() {
        return "timer message illegal, the delay time should not be bigger than the max delay " + maxDelayMillis
                + "ms; or if set del msg, the delay time should be bigger than the current time";
    }
}
