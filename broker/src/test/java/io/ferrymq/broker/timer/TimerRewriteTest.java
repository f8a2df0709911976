package io.ferrymq.broker.timer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.message.UniqueIdGenerator;
import io.ferrymq.common.topic.SystemTopics;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

class TimerRewriteTest {
    private static final long NOW = 1_700_000_000_000L;
    private final TimerRewrite rewrite = new TimerRewrite(true, Duration.ofDays(3),
            InstantSource.fixed(Instant.ofEpochMilli(NOW)), UniqueIdGenerator.createDefault());

    private static MessageExt msg(String name, String value) {
        MessageExt m = new MessageExt();
        m.setTopic("Orders");
        m.setQueueId(3);
        m.setTags("T");
        m.setKeys("k1");
        if (name != null) {
            m.putProperty(name, value);
        }
        return m;
    }

    @Test
    void relativeAndAbsoluteTimesAreParkedWithTheirDeliveryTime() {
        for (String[] c : new String[][] {{MessageConst.TIMER_DELAY_SEC, "3", "3000"},
                {MessageConst.TIMER_DELAY_MS, "1500", "1500"}, {MessageConst.TIMER_DELIVER_MS, "" + (NOW + 42), "42"}}) {
            MessageExt m = msg(c[0], c[1]);
            m.putProperty(MessageConst.UNIQ_KEY, "U1");
            assertEquals(TimerRewrite.Outcome.PARKED, rewrite.apply(m), c[0]);
            assertEquals(SystemTopics.TIMER_TOPIC, m.getTopic());
            assertEquals(0, m.getQueueId());
            assertEquals(Long.toString(NOW + Long.parseLong(c[2])), m.getProperty(MessageConst.TIMER_OUT_MS));
            assertEquals("Orders", m.getProperty(MessageConst.REAL_TOPIC));
            assertEquals("3", m.getProperty(MessageConst.REAL_QID));
            assertEquals("U1", m.getUniqKey());
            assertEquals("T", m.getTags());
            assertEquals("k1", m.getKeys());
        }
    }

    @Test
    void secondsWinOverMillisecondsWhichWinOverAnAbsoluteTime() {
        MessageExt m = msg(MessageConst.TIMER_DELAY_SEC, "2");
        m.putProperty(MessageConst.TIMER_DELAY_MS, "5000");
        m.putProperty(MessageConst.TIMER_DELIVER_MS, "" + (NOW + 9000));
        rewrite.apply(m);
        assertEquals(Long.toString(NOW + 2000), m.getProperty(MessageConst.TIMER_OUT_MS));
    }

    @Test
    void aMessageWithoutUniqueIdGetsOne() {
        MessageExt m = msg(MessageConst.TIMER_DELAY_SEC, "1");
        assertEquals(TimerRewrite.Outcome.PARKED, rewrite.apply(m));
        assertNotNull(m.getUniqKey());
    }

    @Test
    void pastTimesAreDueAndLeftAlone() {
        for (String[] c : new String[][] {{MessageConst.TIMER_DELIVER_MS, "" + (NOW - 10_000)},
                {MessageConst.TIMER_DELIVER_MS, "" + NOW}, {MessageConst.TIMER_DELAY_SEC, "0"},
                {MessageConst.TIMER_DELAY_MS, "-5"}}) {
            MessageExt m = msg(c[0], c[1]);
            assertEquals(TimerRewrite.Outcome.DUE, rewrite.apply(m), c[0] + "=" + c[1]);
            assertEquals("Orders", m.getTopic());
            assertEquals(3, m.getQueueId());
            assertNull(m.getProperty(MessageConst.TIMER_OUT_MS));
        }
    }

    @Test
    void unreadableOrTooFarTimesAreIllegal() {
        assertEquals(TimerRewrite.Outcome.ILLEGAL, rewrite.apply(msg(MessageConst.TIMER_DELAY_SEC, "soon")));
        assertEquals(TimerRewrite.Outcome.ILLEGAL, rewrite.apply(msg(MessageConst.TIMER_DELIVER_MS, "")));
        assertEquals(TimerRewrite.Outcome.ILLEGAL,
                rewrite.apply(msg(MessageConst.TIMER_DELAY_SEC, Long.toString(Long.MAX_VALUE / 10))));
        assertEquals(TimerRewrite.Outcome.ILLEGAL,
                rewrite.apply(msg(MessageConst.TIMER_DELAY_SEC, Long.toString(3 * 86400 + 1))));
        assertEquals(TimerRewrite.Outcome.PARKED,
                rewrite.apply(msg(MessageConst.TIMER_DELAY_SEC, Long.toString(3 * 86400))));
        assertTrue(rewrite.illegalRemark().startsWith("timer message illegal, the delay time should not be bigger"
                + " than the max delay 259200000ms"), rewrite.illegalRemark());
    }

    @Test
    void aDelayLevelWinsAndTheTimerPropertiesGo() {
        MessageExt m = msg(MessageConst.TIMER_DELAY_SEC, "30");
        m.putProperty(MessageConst.DELAY, "2");
        assertEquals(TimerRewrite.Outcome.NOT_TIMER, rewrite.apply(m));
        assertEquals("Orders", m.getTopic());
        assertNull(m.getProperty(MessageConst.TIMER_DELAY_SEC));
        assertEquals("2", m.getProperty(MessageConst.DELAY));
    }

    @Test
    void deliveredTimersHalfMessagesAndPlainMessagesAreNotParked() {
        MessageExt delivered = msg(MessageConst.TIMER_DELAY_SEC, "30");
        delivered.putProperty(MessageConst.TIMER_OUT_MS, "" + (NOW - 1));
        assertEquals(TimerRewrite.Outcome.NOT_TIMER, rewrite.apply(delivered));
        assertEquals("Orders", delivered.getTopic());

        MessageExt half = msg(MessageConst.TIMER_DELAY_SEC, "30");
        half.setSysFlag(MessageSysFlag.TRANSACTION_PREPARED_TYPE);
        assertEquals(TimerRewrite.Outcome.NOT_TIMER, rewrite.apply(half));

        MessageExt committed = msg(MessageConst.TIMER_DELAY_SEC, "30");
        committed.setSysFlag(MessageSysFlag.TRANSACTION_COMMIT_TYPE);
        assertEquals(TimerRewrite.Outcome.PARKED, rewrite.apply(committed));

        assertEquals(TimerRewrite.Outcome.NOT_TIMER, rewrite.apply(msg(null, null)));
    }

    @Test
    void disabledTimersRefuseTimerMessagesOnly() {
        TimerRewrite off = new TimerRewrite(false, Duration.ofDays(3), InstantSource.fixed(Instant.ofEpochMilli(NOW)),
                UniqueIdGenerator.createDefault());
        assertEquals(TimerRewrite.Outcome.NOT_ENABLED, off.apply(msg(MessageConst.TIMER_DELAY_SEC, "3")));
        assertEquals(TimerRewrite.Outcome.NOT_TIMER, off.apply(msg(null, null)));
    }
}
