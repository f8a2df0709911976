package io.ferrymq.common.message;

import static io.ferrymq.common.message.Fixtures.BORN_V4;
import static io.ferrymq.common.message.Fixtures.BORN_V6;
import static io.ferrymq.common.message.Fixtures.STORE_V4;
import static io.ferrymq.common.message.Fixtures.STORE_V6;
import static io.ferrymq.common.message.Fixtures.props;
import static io.ferrymq.common.message.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Bad bytes and bad messages give clear errors, never a corrupt record or a stray IndexOutOfBounds. */
class MessageRecordMalformedTest {

    private static byte[] validRecord() {
        return Fixtures.toArray(Fixtures.encode(Fixtures.message(BORN_V6, STORE_V4,
                props("TAGS", "TagA", "KEYS", "k"), utf8("payload"))));
    }

    private static MalformedMessageException decodeFails(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> MessageRecord.decode(buf, true, true));
        assertEquals(0, buf.position(), "a failed decode leaves the position where it was");
        return e;
    }

    @Test
    void everyTruncationIsReportedAsTruncated() {
        byte[] record = validRecord();
        for (int length = 1; length < record.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(record, length);
            MalformedMessageException e = decodeFails(cut);
            assertTrue(e.getMessage().contains("TRUNCATED"), length + ": " + e.getMessage());
            assertEquals(RecordStatus.TRUNCATED, MessageRecord.check(ByteBuffer.wrap(cut), 0, length, false));
        }
        assertTrue(decodeFails(new byte[0]).getMessage().contains("only 0 bytes left"));
    }

    @Test
    void lyingTotalSize() {
        byte[] record = validRecord();
        ByteBuffer.wrap(record).putInt(0, record.length - 1);
        assertTrue(decodeFails(record).getMessage().contains("do not add up to TOTALSIZE"));
        ByteBuffer.wrap(record).putInt(0, 40);
        assertTrue(decodeFails(record).getMessage().contains("below the minimum 91"));
        ByteBuffer.wrap(record).putInt(0, -5);
        assertTrue(decodeFails(record).getMessage().contains("TOTALSIZE -5"));
        ByteBuffer.wrap(record).putInt(0, Integer.MAX_VALUE);
        assertTrue(decodeFails(record).getMessage().contains("exceeds"));
    }

    @Test
    void lyingBodyTopicAndPropertiesLengths() {
        byte[] record = validRecord();
        ByteBuffer view = ByteBuffer.wrap(record);
        int bodyLengthAt = MessageRecord.bodyLengthPosition(view, 0);
        int topicLengthAt = MessageRecord.topicLengthPosition(view, 0);
        int propertiesLengthAt = MessageRecord.propertiesLengthPosition(view, 0);

        for (int lie : new int[] {-1, Integer.MIN_VALUE, 1 << 30, 8, 6}) {
            byte[] copy = record.clone();
            ByteBuffer.wrap(copy).putInt(bodyLengthAt, lie);
            MalformedMessageException e = decodeFails(copy);
            assertTrue(e.getMessage().contains("BAD_LENGTH"), e.getMessage());
        }
        for (byte lie : new byte[] {-1, -128, 127, 10, 8}) {
            byte[] copy = record.clone();
            copy[topicLengthAt] = lie;
            assertTrue(decodeFails(copy).getMessage().contains("BAD_LENGTH"));
        }
        for (short lie : new short[] {-1, Short.MIN_VALUE, Short.MAX_VALUE, 0}) {
            byte[] copy = record.clone();
            ByteBuffer.wrap(copy).putShort(propertiesLengthAt, lie);
            assertTrue(decodeFails(copy).getMessage().contains("do not add up"));
        }
    }

    @Test
    void badMagicAndBlankRecords() {
        byte[] record = validRecord();
        ByteBuffer.wrap(record).putInt(4, 0x12345678);
        assertTrue(decodeFails(record).getMessage().contains("MAGICCODE 0x12345678"));
        ByteBuffer.wrap(record).putInt(4, MessageRecord.MAGIC_V2);
        assertTrue(decodeFails(record).getMessage().contains("V2 records"));

        ByteBuffer blank = ByteBuffer.allocate(64);
        BlankRecord.write(blank, 0, 64);
        assertEquals(RecordStatus.BLANK, MessageRecord.check(blank, 0, 64, true));
        assertTrue(decodeFails(blank.array()).getMessage().contains("blank"));
        assertEquals(RecordStatus.EMPTY, MessageRecord.check(ByteBuffer.allocate(100), 0, 100, true));
    }

    @Test
    void corruptBodyIsCaughtByTheCrcCheckOnly() {
        byte[] record = validRecord();
        ByteBuffer view = ByteBuffer.wrap(record);
        assertEquals(RecordStatus.VALID, MessageRecord.check(view, 0, record.length, true));
        record[MessageRecord.bodyPosition(view, 0)] ^= 1;
        assertEquals(RecordStatus.BAD_CRC, MessageRecord.check(view, 0, record.length, true));
        assertEquals(RecordStatus.VALID, MessageRecord.check(view, 0, record.length, false));
    }

    @Test
    void badPortIsRejected() {
        byte[] record = Fixtures.toArray(Fixtures.encode(Fixtures.message(BORN_V4, STORE_V4, Map.of(), null)));
        ByteBuffer.wrap(record).putInt(MessageRecord.BORN_HOST_POSITION + 4, 70000);
        assertTrue(decodeFails(record).getMessage().contains("born host port 70000"));
    }

    @Test
    void corruptCompressedBodyAndUnsupportedCompression() {
        MessageExt msg = Fixtures.message(BORN_V4, STORE_V4, Map.of(), utf8("not zlib at all"));
        msg.setSysFlag(MessageSysFlag.COMPRESSED_FLAG | MessageSysFlag.COMPRESSION_ZLIB_TYPE);
        byte[] record = Fixtures.toArray(Fixtures.encode(msg));
        assertTrue(decodeFails(record).getMessage().contains("ZLIB body is corrupt"));
        assertEquals("not zlib at all",
                new String(MessageRecord.decode(ByteBuffer.wrap(record), true, false).getBody(),
                        java.nio.charset.StandardCharsets.UTF_8));

        msg.setSysFlag(MessageSysFlag.COMPRESSED_FLAG | MessageSysFlag.COMPRESSION_LZ4_TYPE);
        ByteBuffer lz4 = Fixtures.encode(msg);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> MessageRecord.decode(lz4.duplicate(), true, true));
        assertTrue(e.getMessage().contains("LZ4"), e.getMessage());
        assertEquals(0, MessageRecord.decodeAll(lz4.duplicate()).size());
        assertEquals(1, MessageRecord.decodeAll(lz4.duplicate(), true, false).size());
    }

    @Test
    void randomCorruptionNeverEscapesAsAnotherException() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        byte[] record = Fixtures.toArray(Fixtures.encode(Fixtures.message(BORN_V6, STORE_V6,
                props("TAGS", "x", "UNIQ_KEY", "ABC"), utf8("0123456789"))));
        for (int round = 0; round < 20_000; round++) {
            byte[] copy = record.clone();
            int flips = 1 + random.nextInt(4);
            for (int i = 0; i < flips; i++) {
                copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
            }
            int length = random.nextInt(4) == 0 ? random.nextInt(copy.length + 1) : copy.length;
            ByteBuffer buf = ByteBuffer.wrap(copy, 0, length);
            try {
                MessageExt msg = MessageRecord.decode(buf, true, true);
                assertEquals(msg.getStoreSize(), buf.position(), "seed " + seed);
            } catch (MalformedMessageException | UnsupportedOperationException expected) {
                assertEquals(0, buf.position(), "seed " + seed);
            } catch (RuntimeException e) {
                fail("seed " + seed + ", round " + round + ": unexpected " + e, e);
            }
            MessageRecord.check(ByteBuffer.wrap(copy, 0, length), 0, length, true);
        }
    }

    @Test
    void topicOver127BytesIsRefusedAndNothingIsWritten() {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        MessageExt msg = Fixtures.message(BORN_V4, STORE_V4, Map.of(), utf8("b"));
        msg.setTopic("T".repeat(127));
        MessageRecord.encode(buf, msg);
        assertEquals(127, MessageRecord.decode(buf.flip(), true, true).getTopic().length());

        ByteBuffer target = ByteBuffer.allocate(4096);
        msg.setTopic("T".repeat(128));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MessageRecord.encode(target, msg));
        assertTrue(e.getMessage().contains("topic is 128 bytes"), e.getMessage());
        assertEquals(0, target.position());
        assertEquals(0, target.getInt(0));

        msg.setTopic("é".repeat(64)); // 64 characters, 128 bytes in UTF-8
        assertThrows(IllegalArgumentException.class, () -> MessageRecord.encode(target, msg));
        assertEquals(0, target.position());
    }

    @Test
    void propertiesOver32767BytesAreRefused() {
        MessageExt msg = Fixtures.message(BORN_V4, STORE_V4, props("big", "v".repeat(32_767)), utf8("b"));
        ByteBuffer target = ByteBuffer.allocate(70_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MessageRecord.encode(target, msg));
        assertTrue(e.getMessage().contains("properties are 32771 bytes"), e.getMessage());
        assertEquals(0, target.position());

        msg.setProperties(props("big", "v".repeat(32_763)));
        MessageRecord.encode(target, msg);
        assertEquals("v".repeat(32_763), MessageRecord.decode(target.flip(), true, true).getProperty("big"));
    }

    @Test
    void encoderRefusesIncompleteMessagesAndSmallBuffers() {
        MessageExt noHost = Fixtures.message(BORN_V4, STORE_V4, Map.of(), null);
        noHost.setStoreHost(null);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MessageRecord.encode(ByteBuffer.allocate(200), noHost)).getMessage().contains("store host"));
        MessageExt unresolved = Fixtures.message(BORN_V4, STORE_V4, Map.of(), null);
        unresolved.setBornHost(java.net.InetSocketAddress.createUnresolved("nowhere.invalid", 1));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MessageRecord.encode(ByteBuffer.allocate(200), unresolved)).getMessage().contains("unresolved"));
        MessageExt ok = Fixtures.message(BORN_V4, STORE_V4, Map.of(), null);
        ByteBuffer small = ByteBuffer.allocate(99);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MessageRecord.encode(small, ok))
                .getMessage().contains("needs 100 bytes but the buffer has only 99 left"));
        assertEquals(100, MessageRecord.encode(ByteBuffer.allocate(100), ok), "an exact fit is fine");
        ByteBuffer littleEndian = ByteBuffer.allocate(200).order(ByteOrder.LITTLE_ENDIAN);
        assertThrows(IllegalArgumentException.class, () -> MessageRecord.encode(littleEndian, ok));
    }
}
