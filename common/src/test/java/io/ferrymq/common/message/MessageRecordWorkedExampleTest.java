package io.ferrymq.common.message;

import static io.ferrymq.common.message.Fixtures.address;
import static io.ferrymq.common.message.Fixtures.hex;
import static io.ferrymq.common.message.Fixtures.props;
import static io.ferrymq.common.message.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.junit.jupiter.api.Test;

/** The worked example of PROTOCOL.md §3.8, byte for byte. */
class MessageRecordWorkedExampleTest {

    private static final String EXAMPLE = ""
            + "00000076 daa320a7 77d18982 00000001 00000000 0000000000000005 0000000000001234"
            + "00000000 0000018bcfe56800 c0a8010a 0000d431 0000018bcfe56805 7f000001 00002a9f"
            + "00000000 0000000000000000 00000005 48656c6c6f 09 546f70696354657374"
            + "000d 61016202544147530154616741";

    private static MessageExt exampleMessage() {
        MessageExt msg = new MessageExt();
        msg.setTopic("TopicTest");
        msg.setQueueId(1);
        msg.setQueueOffset(5);
        msg.setCommitLogOffset(0x1234);
        msg.setBornTimestamp(1_700_000_000_000L);
        msg.setBornHost(address("192.168.1.10", 54321));
        msg.setStoreTimestamp(1_700_000_000_005L);
        msg.setStoreHost(address("127.0.0.1", 10911));
        msg.setBody(utf8("Hello"));
        msg.setProperties(props("a", "b", "TAGS", "TagA"));
        return msg;
    }

    @Test
    void encoderWritesTheExampleBytes() {
        ByteBuffer buf = ByteBuffer.allocate(200);
        int size = MessageRecord.encode(buf, exampleMessage());
        assertEquals(118, size);
        assertEquals(118, buf.position());
        buf.flip();
        assertArrayEquals(hex(EXAMPLE), Fixtures.toArray(buf));
    }

    @Test
    void decoderReadsTheExample() {
        ByteBuffer buf = ByteBuffer.wrap(hex(EXAMPLE));
        MessageExt msg = MessageRecord.decode(buf, true, true);
        assertEquals(118, buf.position());
        assertEquals(118, msg.getStoreSize());
        assertEquals(0x77d18982, msg.getBodyCRC());
        assertEquals("TopicTest", msg.getTopic());
        assertEquals(1, msg.getQueueId());
        assertEquals(0, msg.getFlag());
        assertEquals(5, msg.getQueueOffset());
        assertEquals(0x1234, msg.getCommitLogOffset());
        assertEquals(0, msg.getSysFlag());
        assertEquals(1_700_000_000_000L, msg.getBornTimestamp());
        assertEquals(address("192.168.1.10", 54321), msg.getBornHost());
        assertEquals(1_700_000_000_005L, msg.getStoreTimestamp());
        assertEquals(address("127.0.0.1", 10911), msg.getStoreHost());
        assertEquals(0, msg.getReconsumeTimes());
        assertEquals(0, msg.getPreparedTransactionOffset());
        assertArrayEquals(utf8("Hello"), msg.getBody());
        assertEquals(props("a", "b", "TAGS", "TagA"), msg.getProperties());
        assertEquals("7F00000100002A9F0000000000001234", msg.getOffsetMsgId());
        assertEquals("7F00000100002A9F0000000000001234", msg.getMsgId());
    }

    @Test
    void officialEncoderAgreesWithTheExample() throws Exception {
        MessageExt msg = exampleMessage();
        org.apache.rocketmq.common.message.MessageExt official = Fixtures.toOfficial(msg);
        byte[] bytes = MessageDecoder.encode(official, false);
        // The official encoder writes properties in HashMap order: compare everything before them.
        assertEquals(118, bytes.length);
        byte[] expected = hex(EXAMPLE);
        assertArrayEquals(java.util.Arrays.copyOf(expected, 105), java.util.Arrays.copyOf(bytes, 105));
        assertEquals("7F00000100002A9F0000000000001234",
                MessageDecoder.decode(ByteBuffer.wrap(expected), true, true).getMsgId());
    }

    @Test
    void accessorsReadTheExampleInPlace() {
        ByteBuffer buf = ByteBuffer.allocateDirect(118 + 10);
        buf.position(10);
        buf.put(hex(EXAMPLE));
        int pos = 10;
        assertEquals(118, MessageRecord.totalSize(buf, pos));
        assertEquals(MessageRecord.MAGIC_V1, MessageRecord.magic(buf, pos));
        assertEquals(1, MessageRecord.queueId(buf, pos));
        assertEquals(5, MessageRecord.queueOffset(buf, pos));
        assertEquals(0x1234, MessageRecord.physicalOffset(buf, pos));
        assertEquals(1_700_000_000_005L, MessageRecord.storeTimestamp(buf, pos));
        assertEquals(address("127.0.0.1", 10911), MessageRecord.storeHost(buf, pos));
        assertEquals(address("192.168.1.10", 54321), MessageRecord.bornHost(buf, pos));
        assertEquals(5, MessageRecord.bodyLength(buf, pos));
        assertEquals(pos + 88, MessageRecord.bodyPosition(buf, pos));
        assertEquals("TopicTest", MessageRecord.topic(buf, pos));
        assertEquals(13, MessageRecord.propertiesLength(buf, pos));
        assertEquals("a\u0001b\u0002TAGS\u0001TagA", MessageRecord.properties(buf, pos));
        assertEquals("TagA".hashCode(), TagHash.ofRecord(buf, pos));
        assertEquals("7F00000100002A9F0000000000001234", MessageId.ofRecord(buf, pos));
        assertEquals(RecordStatus.VALID, MessageRecord.check(buf, pos, pos + 118, true));
    }
}
