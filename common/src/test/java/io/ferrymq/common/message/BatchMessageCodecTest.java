package io.ferrymq.common.message;

import static io.ferrymq.common.message.Fixtures.hex;
import static io.ferrymq.common.message.Fixtures.props;
import static io.ferrymq.common.message.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.junit.jupiter.api.Test;

/** SEND_BATCH_MESSAGE bodies against PROTOCOL.md appendix A and the official {@code encodeMessages}. */
class BatchMessageCodecTest {

    private static final String APPENDIX_SAMPLE = "00000032 00000000 00000000 00000000 00000001 41 001b"
            + " 4b455953016b310257414954017472756502544147530154616741";

    @Test
    void decodesTheAppendixSample() {
        ByteBuffer body = ByteBuffer.wrap(hex(APPENDIX_SAMPLE));
        List<Message> messages = BatchMessageCodec.decode(body, "TopicTest");
        assertEquals(0, body.position(), "position is not moved");
        assertEquals(1, messages.size());
        Message msg = messages.get(0);
        assertEquals("TopicTest", msg.getTopic());
        assertEquals(0, msg.getFlag());
        assertArrayEquals(utf8("A"), msg.getBody());
        assertEquals(List.of("KEYS", "WAIT", "TAGS"), new ArrayList<>(msg.getProperties().keySet()));
        assertEquals("k1", msg.getKeys());
        assertEquals("TagA", msg.getTags());
        assertTrue(msg.isWaitStoreMsgOK());
        assertEquals(1, BatchMessageCodec.count(body));
    }

    @Test
    void encodesTheAppendixSampleByteForByte() {
        Message msg = new Message("TopicTest", utf8("A"));
        msg.setKeys("k1");
        msg.setWaitStoreMsgOK(true);
        msg.setTags("TagA");
        assertArrayEquals(hex(APPENDIX_SAMPLE), BatchMessageCodec.encode(List.of(msg)));
    }

    @Test
    void readsWhatTheOfficialEncoderWrites() {
        List<org.apache.rocketmq.common.message.Message> official = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            org.apache.rocketmq.common.message.Message m = new org.apache.rocketmq.common.message.Message(
                    "TopicTest", "Tag" + i, "key" + i, utf8("body ✓ " + i));
            m.setFlag(i * 7);
            if (i == 3) {
                m.putUserProperty("ünï", "cödé");
            }
            official.add(m);
        }
        official.add(new org.apache.rocketmq.common.message.Message("TopicTest", new byte[0]));
        byte[] body = MessageDecoder.encodeMessages(official);

        List<Message> ours = BatchMessageCodec.decode(ByteBuffer.wrap(body), "TopicTest");
        assertEquals(official.size(), ours.size());
        for (int i = 0; i < ours.size(); i++) {
            assertEquals(official.get(i).getFlag(), ours.get(i).getFlag());
            assertArrayEquals(official.get(i).getBody(), ours.get(i).getBody());
            assertEquals(official.get(i).getProperties(), ours.get(i).getProperties());
        }
    }

    @Test
    void officialDecoderReadsWhatWeWrite() throws Exception {
        List<Message> ours = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Message m = new Message("T", "Tag" + i, "k" + i + " z", utf8("π=" + i));
            m.setFlag(-i);
            m.putProperty("UNIQ_KEY", "ID" + i);
            ours.add(m);
        }
        ours.add(new Message("T", null));
        List<org.apache.rocketmq.common.message.Message> decoded =
                MessageDecoder.decodeMessages(ByteBuffer.wrap(BatchMessageCodec.encode(ours)));
        assertEquals(ours.size(), decoded.size());
        for (int i = 0; i < ours.size(); i++) {
            assertEquals(ours.get(i).getFlag(), decoded.get(i).getFlag());
            byte[] expectedBody = ours.get(i).getBody() == null ? new byte[0] : ours.get(i).getBody();
            assertArrayEquals(expectedBody, decoded.get(i).getBody());
            assertEquals(ours.get(i).getProperties(),
                    decoded.get(i).getProperties() == null ? java.util.Map.of() : decoded.get(i).getProperties());
        }
    }

    @Test
    void cursorWalksEntriesWithoutCopying() {
        Message a = new Message("T", "A", utf8("first"));
        Message b = new Message("T", utf8("second!"));
        b.setFlag(9);
        ByteBuffer body = ByteBuffer.wrap(BatchMessageCodec.encode(List.of(a, b)));
        BatchMessageCodec.Cursor cursor = new BatchMessageCodec.Cursor(body);
        assertTrue(cursor.next());
        assertEquals(0, cursor.index());
        assertEquals(5, cursor.bodyLength());
        assertEquals("TAGS\u0001A".length(), cursor.propertiesLength());
        assertEquals((byte) 'f', body.get(cursor.bodyPosition()));
        assertEquals((byte) 'T', body.get(cursor.propertiesPosition()));
        assertTrue(cursor.next());
        assertEquals(1, cursor.index());
        assertEquals(9, cursor.flag());
        assertEquals(0, cursor.propertiesLength());
        assertEquals(cursor.entryPosition() + 22 + 7, body.limit());
        assertTrue(!cursor.next());
    }

    @Test
    void lyingLengthsAndTruncationGiveClearErrors() {
        byte[] sample = hex(APPENDIX_SAMPLE);
        assertBad(java.util.Arrays.copyOf(sample, 10), "only 10 bytes left");
        assertBad(java.util.Arrays.copyOf(sample, 49), "TOTALSIZE 50 is outside 22..49");

        byte[] copy = sample.clone();
        ByteBuffer.wrap(copy).putInt(0, 51);
        assertBad(copy, "TOTALSIZE 51");
        copy = sample.clone();
        ByteBuffer.wrap(copy).putInt(0, 12);
        assertBad(copy, "TOTALSIZE 12");
        copy = sample.clone();
        ByteBuffer.wrap(copy).putInt(16, 1000);
        assertBad(copy, "BODY LENGTH 1000 does not fit");
        copy = sample.clone();
        ByteBuffer.wrap(copy).putInt(16, -1);
        assertBad(copy, "BODY LENGTH -1");
        copy = sample.clone();
        ByteBuffer.wrap(copy).putShort(21, (short) 26);
        assertBad(copy, "lengths (body 1, properties 26) do not add up to TOTALSIZE 50");
        copy = sample.clone();
        ByteBuffer.wrap(copy).putShort(21, (short) -2);
        assertBad(copy, "properties -2");

        byte[] two = new byte[sample.length * 2 - 3];
        System.arraycopy(sample, 0, two, 0, sample.length);
        System.arraycopy(sample, 0, two, sample.length, sample.length - 3);
        MalformedMessageException e = assertBad(two, "batch entry 1 at position 50");
        assertTrue(e.getMessage().contains("47"), e.getMessage());
    }

    @Test
    void randomGarbageNeverEscapesAsAnotherException() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        byte[] valid = BatchMessageCodec.encode(List.of(new Message("T", "A", "k", utf8("x")),
                new Message("T", utf8("yy"))));
        for (int round = 0; round < 20_000; round++) {
            byte[] copy = valid.clone();
            for (int i = 0; i < 1 + random.nextInt(3); i++) {
                copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
            }
            ByteBuffer buf = ByteBuffer.wrap(copy, 0, random.nextInt(copy.length + 1));
            try {
                BatchMessageCodec.decode(buf, "T");
            } catch (MalformedMessageException expected) {
                // the only acceptable failure
            } catch (RuntimeException e) {
                fail("seed " + seed + ": unexpected " + e, e);
            }
        }
    }

    @Test
    void oversizedPropertiesAreRefusedOnEncode() {
        Message m = new Message("T", utf8("x"));
        m.putProperty("p", "v".repeat(40_000));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> BatchMessageCodec.encode(List.of(m)))
                .getMessage().contains("properties of message 0"));
    }

    private static MalformedMessageException assertBad(byte[] body, String expected) {
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> BatchMessageCodec.decode(ByteBuffer.wrap(body), "T"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        return e;
    }
}
