package io.ferrymq.common.message;

import static io.ferrymq.common.message.Fixtures.BORN_V4;
import static io.ferrymq.common.message.Fixtures.BORN_V6;
import static io.ferrymq.common.message.Fixtures.STORE_V4;
import static io.ferrymq.common.message.Fixtures.STORE_V6;
import static io.ferrymq.common.message.Fixtures.props;
import static io.ferrymq.common.message.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Field accessors and in-place patches over records sitting inside a larger buffer. */
class MessageRecordAccessorsTest {

    private static InetSocketAddress host(boolean v6, boolean born) {
        if (born) {
            return v6 ? BORN_V6 : BORN_V4;
        }
        return v6 ? STORE_V6 : STORE_V4;
    }

    @ParameterizedTest(name = "bornV6={0}, storeV6={1}, direct={2}")
    @CsvSource({"false,false,false", "true,false,true", "false,true,false", "true,true,true"})
    void accessorsMatchTheDecodedRecord(boolean bornV6, boolean storeV6, boolean direct) {
        MessageExt msg = Fixtures.message(host(bornV6, true), host(storeV6, false),
                props("KEYS", "k", "TAGS", "Tag✓", "x", "y"), utf8("body bytes"));
        ByteBuffer buf = direct ? ByteBuffer.allocateDirect(1024) : ByteBuffer.allocate(1024);
        int pos = 37;
        buf.position(pos);
        int size = MessageRecord.encode(buf, msg);
        assertEquals(pos + size, buf.position());

        assertEquals(size, MessageRecord.totalSize(buf, pos));
        assertEquals(MessageRecord.recordSize(10, 9, MessageRecord.propertiesLength(buf, pos), bornV6, storeV6), size);
        assertEquals(msg.getBodyCRC(), MessageRecord.bodyCrc(buf, pos));
        assertEquals(msg.getQueueId(), MessageRecord.queueId(buf, pos));
        assertEquals(msg.getFlag(), MessageRecord.flag(buf, pos));
        assertEquals(msg.getQueueOffset(), MessageRecord.queueOffset(buf, pos));
        assertEquals(msg.getCommitLogOffset(), MessageRecord.physicalOffset(buf, pos));
        assertEquals(msg.getSysFlag(), MessageRecord.sysFlag(buf, pos));
        assertEquals(msg.getBornTimestamp(), MessageRecord.bornTimestamp(buf, pos));
        assertEquals(msg.getBornHost(), MessageRecord.bornHost(buf, pos));
        assertEquals(bornV6 ? 20 : 8, MessageRecord.bornHostLength(buf, pos));
        assertEquals(msg.getStoreTimestamp(), MessageRecord.storeTimestamp(buf, pos));
        assertEquals(msg.getStoreHost(), MessageRecord.storeHost(buf, pos));
        assertEquals(storeV6 ? 20 : 8, MessageRecord.storeHostLength(buf, pos));
        assertEquals(msg.getReconsumeTimes(), MessageRecord.reconsumeTimes(buf, pos));
        assertEquals(msg.getPreparedTransactionOffset(), MessageRecord.preparedTransactionOffset(buf, pos));
        assertEquals(10, MessageRecord.bodyLength(buf, pos));
        assertEquals((byte) 'b', buf.get(MessageRecord.bodyPosition(buf, pos)));
        assertEquals("TopicTest", MessageRecord.topic(buf, pos));
        assertEquals(9, MessageRecord.topicLength(buf, pos));
        assertTrue(MessageRecord.topicEquals(buf, pos, utf8("TopicTest")));
        assertFalse(MessageRecord.topicEquals(buf, pos, utf8("TopicTesT")));
        assertEquals(MessageProperties.encode(msg.getProperties()), MessageRecord.properties(buf, pos));
        assertEquals("Tag✓".hashCode(), TagHash.ofRecord(buf, pos));
        assertEquals(msg.getOffsetMsgId(), MessageId.ofRecord(buf, pos));
        assertEquals(RecordStatus.VALID, MessageRecord.check(buf, pos, pos + size, true));
    }

    @ParameterizedTest(name = "bornV6={0}, storeV6={1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void patchesRewriteOnlyTheirField(boolean bornV6, boolean storeV6) {
        MessageExt msg = Fixtures.message(host(bornV6, true), host(storeV6, false), props("TAGS", "A"), utf8("b"));
        ByteBuffer buf = ByteBuffer.allocate(512);
        int pos = 3;
        buf.position(pos);
        MessageRecord.encode(buf, msg);
        buf.limit(buf.position()).position(pos);

        MessageRecord.setQueueOffset(buf, pos, 42);
        MessageRecord.setPhysicalOffset(buf, pos, 1L << 40);
        MessageRecord.setStoreTimestamp(buf, pos, 1_800_000_000_000L);
        assertEquals(pos, buf.position(), "patches do not move the position");

        org.apache.rocketmq.common.message.MessageExt official = MessageDecoder.decode(buf.slice(), true, true);
        assertEquals(42, official.getQueueOffset());
        assertEquals(1L << 40, official.getCommitLogOffset());
        assertEquals(1_800_000_000_000L, official.getStoreTimestamp());
        assertEquals(msg.getBornTimestamp(), official.getBornTimestamp());
        assertEquals(msg.getStoreHost(), official.getStoreHost());
        assertEquals(msg.getReconsumeTimes(), official.getReconsumeTimes());
        assertEquals(Map.of("TAGS", "A"), official.getProperties());
        assertEquals(RecordStatus.VALID, MessageRecord.check(buf, pos, buf.limit(), true), "CRC covers the body only");
    }

    @org.junit.jupiter.api.Test
    void slicedAndReadOnlyBuffersDecodeAlike() {
        MessageExt msg = Fixtures.message(BORN_V4, STORE_V6, props("TAGS", "Tä", "k", "v"), utf8("body ✓"));
        ByteBuffer whole = ByteBuffer.allocate(600);
        whole.position(100);
        MessageRecord.encode(whole, msg);
        whole.limit(whole.position()).position(100);
        ByteBuffer slice = whole.slice(); // arrayOffset 100
        ByteBuffer readOnly = slice.asReadOnlyBuffer(); // no accessible array
        for (ByteBuffer buf : new ByteBuffer[] {slice, readOnly}) {
            assertEquals(RecordStatus.VALID, MessageRecord.check(buf, 0, buf.limit(), true));
            assertEquals("Tä".hashCode(), TagHash.ofRecord(buf, 0));
            MessageExt decoded = MessageRecord.decode(buf.duplicate(), true, true);
            assertEquals(msg.getProperties(), decoded.getProperties());
            assertEquals("TopicTest", decoded.getTopic());
            org.junit.jupiter.api.Assertions.assertArrayEquals(msg.getBody(), decoded.getBody());
        }
    }

    @ParameterizedTest(name = "remaining={0}")
    @CsvSource({"8", "9", "1000"})
    void blankRecordCoversTheRestOfTheSegment(int remaining) {
        ByteBuffer segment = ByteBuffer.allocate(2000);
        int pos = 2000 - remaining;
        BlankRecord.write(segment, pos, remaining);
        assertTrue(BlankRecord.isBlank(segment, pos));
        assertEquals(remaining, MessageRecord.totalSize(segment, pos));
        assertEquals(BlankRecord.MAGIC, MessageRecord.magic(segment, pos));
        assertEquals(-875286124, BlankRecord.MAGIC);
        assertEquals(RecordStatus.BLANK, MessageRecord.check(segment, pos, 2000, false));
    }
}
