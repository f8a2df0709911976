package io.ferrymq.common.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Shared test data and conversions to and from the official client's message classes. */
final class Fixtures {

    static final InetSocketAddress BORN_V4 = address("192.168.1.10", 54321);
    static final InetSocketAddress STORE_V4 = address("127.0.0.1", 10911);
    static final InetSocketAddress BORN_V6 = address("2001:db8::1:2", 40000);
    static final InetSocketAddress STORE_V6 = address("fe80::abcd:1", 10911);

    private Fixtures() {
    }

    static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A fully populated message with every numeric field distinct. */
    static MessageExt message(InetSocketAddress born, InetSocketAddress store, Map<String, String> properties,
                              byte[] body) {
        MessageExt msg = new MessageExt();
        msg.setTopic("TopicTest");
        msg.setQueueId(3);
        msg.setFlag(0x5A5A);
        msg.setQueueOffset(123_456_789_012L);
        msg.setCommitLogOffset(0x1234_5678_9ABCL);
        msg.setSysFlag(MessageSysFlag.MULTI_TAGS_FLAG | MessageSysFlag.TRANSACTION_COMMIT_TYPE);
        msg.setBornTimestamp(1_700_000_000_000L);
        msg.setBornHost(born);
        msg.setStoreTimestamp(1_700_000_000_005L);
        msg.setStoreHost(store);
        msg.setReconsumeTimes(7);
        msg.setPreparedTransactionOffset(0x0FED_CBA9L);
        msg.setProperties(properties);
        msg.setBody(body);
        return msg;
    }

    static Map<String, String> props(String... nameValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            map.put(nameValues[i], nameValues[i + 1]);
        }
        return map;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Encodes with FerryMQ into an exactly sized heap buffer, flipped for reading. */
    static ByteBuffer encode(MessageExt msg) {
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024 + (msg.getBody() == null ? 0 : msg.getBody().length));
        MessageRecord.encode(buf, msg);
        buf.flip();
        return buf;
    }

    static byte[] toArray(ByteBuffer buf) {
        byte[] bytes = new byte[buf.remaining()];
        buf.duplicate().get(bytes);
        return bytes;
    }

    static byte[] hex(String text) {
        return io.ferrymq.common.util.Hex.decode(text.replaceAll("\\s", ""));
    }

    /** The same message as the official client's class. */
    static org.apache.rocketmq.common.message.MessageExt toOfficial(MessageExt msg) {
        org.apache.rocketmq.common.message.MessageExt o = new org.apache.rocketmq.common.message.MessageExt();
        o.setTopic(msg.getTopic());
        o.setQueueId(msg.getQueueId());
        o.setFlag(msg.getFlag());
        o.setQueueOffset(msg.getQueueOffset());
        o.setCommitLogOffset(msg.getCommitLogOffset());
        o.setSysFlag(msg.getSysFlag());
        o.setBornTimestamp(msg.getBornTimestamp());
        o.setBornHost(msg.getBornHost());
        o.setStoreTimestamp(msg.getStoreTimestamp());
        o.setStoreHost(msg.getStoreHost());
        o.setReconsumeTimes(msg.getReconsumeTimes());
        o.setPreparedTransactionOffset(msg.getPreparedTransactionOffset());
        o.setBodyCRC(MessageRecord.crc(msg.getBody()));
        o.setBody(msg.getBody());
        for (Map.Entry<String, String> e : msg.getProperties().entrySet()) {
            putOfficialProperty(o, e.getKey(), e.getValue());
        }
        return o;
    }

    /** Sets any property, reserved names included, on an official message. */
    static void putOfficialProperty(org.apache.rocketmq.common.message.Message o, String name, String value) {
        // Message.putProperty is package-private in the official client; setting the map keeps order irrelevant.
        Map<String, String> map = o.getProperties() == null ? new java.util.HashMap<>() : o.getProperties();
        map.put(name, value);
        setOfficialProperties(o, map);
    }

    private static void setOfficialProperties(org.apache.rocketmq.common.message.Message o, Map<String, String> map) {
        try {
            java.lang.reflect.Method m = org.apache.rocketmq.common.message.Message.class
                    .getDeclaredMethod("setProperties", Map.class);
            m.setAccessible(true);
            m.invoke(o, map);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Asserts that an official decoded message carries every field of {@code expected}. */
    static void assertSameAsOfficial(MessageExt expected, org.apache.rocketmq.common.message.MessageExt actual,
                                     byte[] expectedBody) {
        assertEquals(expected.getTopic(), actual.getTopic(), "topic");
        assertEquals(expected.getQueueId(), actual.getQueueId(), "queueId");
        assertEquals(expected.getFlag(), actual.getFlag(), "flag");
        assertEquals(expected.getQueueOffset(), actual.getQueueOffset(), "queueOffset");
        assertEquals(expected.getCommitLogOffset(), actual.getCommitLogOffset(), "commitLogOffset");
        assertEquals(expected.getBornTimestamp(), actual.getBornTimestamp(), "bornTimestamp");
        assertEquals(expected.getBornHost(), actual.getBornHost(), "bornHost");
        assertEquals(expected.getStoreTimestamp(), actual.getStoreTimestamp(), "storeTimestamp");
        assertEquals(expected.getStoreHost(), actual.getStoreHost(), "storeHost");
        assertEquals(expected.getReconsumeTimes(), actual.getReconsumeTimes(), "reconsumeTimes");
        assertEquals(expected.getPreparedTransactionOffset(), actual.getPreparedTransactionOffset(),
                "preparedTransactionOffset");
        assertEquals(expected.getStoreSize(), actual.getStoreSize(), "storeSize");
        assertEquals(expected.getBodyCRC(), actual.getBodyCRC(), "bodyCRC");
        assertArrayEquals(expectedBody, actual.getBody(), "body");
        Map<String, String> official = actual.getProperties() == null ? Map.of() : actual.getProperties();
        assertEquals(expected.getProperties(), official, "properties");
    }
}
