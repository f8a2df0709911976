package io.ferrymq.common.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Convenience accessors of {@link Message}, compared with the official client's where it has them. */
class MessageTest {

    @Test
    void accessorsAgreeWithTheOfficialMessage() {
        byte[] body = "b".getBytes(StandardCharsets.UTF_8);
        Message ours = new Message("T", "TagA", "k1", body);
        org.apache.rocketmq.common.message.Message official =
                new org.apache.rocketmq.common.message.Message("T", "TagA", "k1", body);
        assertEquals(official.getTags(), ours.getTags());
        assertEquals(official.getKeys(), ours.getKeys());
        assertEquals(official.isWaitStoreMsgOK(), ours.isWaitStoreMsgOK());

        ours.setKeys(List.of("a", "b", "c"));
        official.setKeys(List.of("a", "b", "c"));
        assertEquals(official.getKeys(), ours.getKeys());
        assertEquals("a b c", ours.getKeys());

        ours.setDelayTimeLevel(3);
        official.setDelayTimeLevel(3);
        assertEquals(official.getDelayTimeLevel(), ours.getDelayTimeLevel());
        assertEquals(official.getProperty("DELAY"), ours.getProperty(MessageConst.DELAY));

        ours.setWaitStoreMsgOK(false);
        official.setWaitStoreMsgOK(false);
        assertEquals(official.isWaitStoreMsgOK(), ours.isWaitStoreMsgOK());
        assertFalse(ours.isWaitStoreMsgOK());
    }

    @Test
    void propertiesKeepInsertionOrderAndRefuseBadInput() {
        Message msg = new Message();
        assertTrue(msg.getProperties().isEmpty());
        assertEquals(0, msg.getDelayTimeLevel());
        assertTrue(msg.isWaitStoreMsgOK());
        assertNull(msg.getUniqKey());
        msg.putProperty("z", "1");
        msg.putProperty("a", "2");
        msg.putProperty(MessageConst.UNIQ_KEY, "ID");
        assertEquals(List.of("z", "a", "UNIQ_KEY"), List.copyOf(msg.getProperties().keySet()));
        assertEquals("ID", msg.getUniqKey());
        assertEquals("2", msg.removeProperty("a"));
        assertNull(msg.getProperty("a"));
        assertThrows(UnsupportedOperationException.class, () -> msg.getProperties().put("x", "y"));
        assertThrows(IllegalArgumentException.class, () -> msg.putProperty("x", null));
        assertThrows(IllegalArgumentException.class, () -> msg.putProperty("x\u0002", "y"));
        assertThrows(IllegalArgumentException.class, () -> msg.putProperty("x", "y\u0002"));
        msg.putProperty(MessageConst.DELAY, "soon");
        assertThrows(NumberFormatException.class, msg::getDelayTimeLevel);
    }

    @Test
    void constantsMatchTheOfficialNames() {
        assertEquals(org.apache.rocketmq.common.message.MessageConst.PROPERTY_TAGS, MessageConst.TAGS);
        assertEquals(org.apache.rocketmq.common.message.MessageConst.PROPERTY_UNIQ_CLIENT_MESSAGE_ID_KEYIDX,
                MessageConst.UNIQ_KEY);
        assertEquals(org.apache.rocketmq.common.message.MessageConst.PROPERTY_TRANSACTION_PREPARED_QUEUE_OFFSET,
                MessageConst.TRAN_PREPARED_QUEUE_OFFSET);
        assertEquals(org.apache.rocketmq.common.message.MessageConst.PROPERTY_CHECK_IMMUNITY_TIME_IN_SECONDS,
                MessageConst.CHECK_IMMUNITY_TIME_IN_SECONDS);
        assertEquals(org.apache.rocketmq.common.message.MessageConst.PROPERTY_TRANSACTION_CHECK_TIMES,
                MessageConst.TRANSACTION_CHECK_TIMES);
        assertEquals(org.apache.rocketmq.common.message.MessageConst.PROPERTY_REAL_QUEUE_ID, MessageConst.REAL_QID);
        assertEquals(org.apache.rocketmq.common.message.MessageConst.PROPERTY_PRODUCER_GROUP, MessageConst.PGROUP);
        assertEquals(org.apache.rocketmq.common.message.MessageConst.PROPERTY_TRACE_SWITCH, MessageConst.TRACE_ON);
        assertEquals(org.apache.rocketmq.common.message.MessageConst.PROPERTY_INNER_MULTI_DISPATCH,
                MessageConst.INNER_MULTI_DISPATCH);
        assertEquals(org.apache.rocketmq.common.message.MessageConst.STRING_HASH_SET, MessageConst.RESERVED_NAMES);
    }
}
