package io.ferrymq.common.message;

import static io.ferrymq.common.message.Fixtures.BORN_V4;
import static io.ferrymq.common.message.Fixtures.BORN_V6;
import static io.ferrymq.common.message.Fixtures.STORE_V4;
import static io.ferrymq.common.message.Fixtures.STORE_V6;
import static io.ferrymq.common.message.Fixtures.props;
import static io.ferrymq.common.message.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.rocketmq.common.message.MessageClientExt;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** FerryMQ's record codec against the official 4.9.8 {@code MessageDecoder}, in both directions. */
class MessageRecordOracleTest {

    static Stream<Arguments> hostsAndProperties() {
        List<Arguments> cases = new ArrayList<>();
        InetSocketAddress[][] hosts = {
            {BORN_V4, STORE_V4}, {BORN_V6, STORE_V4}, {BORN_V4, STORE_V6}, {BORN_V6, STORE_V6}};
        List<Map<String, String>> properties = List.of(
                Map.of(),
                props("TAGS", "TagA", "KEYS", "k1 k2", "UNIQ_KEY", "C0A8010A30394B85F0A30000000A0001", "WAIT", "true"),
                props("TAGS", "标签", "clé", "värde ✓", "emoji", "\uD83D\uDE80 rocket", "a", "x\u0001y"));
        for (InetSocketAddress[] pair : hosts) {
            for (Map<String, String> p : properties) {
                cases.add(Arguments.of(pair[0], pair[1], p));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "born {0}, store {1}, properties {2}")
    @MethodSource("hostsAndProperties")
    void officialDecoderReadsFerryRecords(InetSocketAddress born, InetSocketAddress store, Map<String, String> p) {
        MessageExt msg = Fixtures.message(born, store, p, utf8("hello, broker ✓"));
        ByteBuffer buf = Fixtures.encode(msg);
        int size = buf.remaining();
        assertEquals(size, msg.getStoreSize());
        assertEquals(MessageRecord.recordSize(msg.getBody().length, 9, utf8(MessageProperties.encode(p)).length,
                born.getAddress().getAddress().length == 16, store.getAddress().getAddress().length == 16), size);

        org.apache.rocketmq.common.message.MessageExt official = MessageDecoder.decode(buf.duplicate(), true, false);
        Fixtures.assertSameAsOfficial(msg, official, msg.getBody());
        assertEquals(msg.getSysFlag(), official.getSysFlag(), "sysFlag");
        assertEquals(msg.getOffsetMsgId(), official.getMsgId(), "offsetMsgId (server-side decode)");

        MessageClientExt client = (MessageClientExt) MessageDecoder.decode(buf.duplicate(), true, true, true);
        assertEquals(msg.getOffsetMsgId(), client.getOffsetMsgId(), "offsetMsgId");
        assertEquals(msg.getMsgId(), client.getMsgId(), "msgId");
    }

    @Test
    void v6BitsFollowTheAddressTypesNotTheCallersSysFlag() {
        MessageExt msg = Fixtures.message(BORN_V6, STORE_V4, Map.of(), utf8("x"));
        msg.setSysFlag(MessageSysFlag.STOREHOST_V6_FLAG);
        ByteBuffer buf = Fixtures.encode(msg);
        assertEquals(MessageSysFlag.BORNHOST_V6_FLAG, msg.getSysFlag());
        assertEquals(MessageSysFlag.BORNHOST_V6_FLAG, MessageRecord.sysFlag(buf, 0));
        assertEquals(BORN_V6, MessageDecoder.decode(buf, true, false).getBornHost());
    }

    @Test
    void msgIdIsTheUniqKeyWhenPresentElseTheOffsetMsgId() {
        MessageExt withKey = Fixtures.message(BORN_V4, STORE_V4, props("UNIQ_KEY", "ABCDEF"), null);
        MessageExt withoutKey = Fixtures.message(BORN_V4, STORE_V4, Map.of(), null);
        MessageClientExt officialWith = (MessageClientExt) MessageDecoder.decode(Fixtures.encode(withKey), true,
                true, true);
        MessageClientExt officialWithout = (MessageClientExt) MessageDecoder.decode(Fixtures.encode(withoutKey),
                true, true, true);
        assertEquals("ABCDEF", withKey.getMsgId());
        assertEquals(officialWith.getMsgId(), withKey.getMsgId());
        assertEquals(officialWithout.getMsgId(), withoutKey.getMsgId());
        assertEquals(withoutKey.getOffsetMsgId(), withoutKey.getMsgId());
        assertEquals("7F00000100002A9F0000123456789ABC", withoutKey.getOffsetMsgId());
    }

    @Test
    void zlibBodyIsDecompressedByTheOfficialDecoder() {
        byte[] original = utf8("order-created;".repeat(1000));
        byte[] compressed = BodyCompression.compress(original, CompressionType.ZLIB, BodyCompression.DEFAULT_LEVEL);
        assertTrue(compressed.length < original.length / 10);
        MessageExt msg = Fixtures.message(BORN_V4, STORE_V6, props("TAGS", "TagZ"), compressed);
        msg.setSysFlag(MessageSysFlag.COMPRESSED_FLAG | MessageSysFlag.COMPRESSION_ZLIB_TYPE);
        ByteBuffer buf = Fixtures.encode(msg);

        assertEquals(MessageRecord.crc(compressed), msg.getBodyCRC(), "CRC is over the stored bytes");
        Fixtures.assertSameAsOfficial(msg, MessageDecoder.decode(buf.duplicate(), true, false), compressed);
        Fixtures.assertSameAsOfficial(msg, MessageDecoder.decode(buf.duplicate(), true, true), original);

        MessageExt ours = MessageRecord.decode(buf.duplicate(), true, true);
        assertArrayEquals(original, ours.getBody());
        assertFalse(MessageSysFlag.isCompressed(ours.getSysFlag()), "decompressed body, flag cleared");
        assertEquals(MessageSysFlag.STOREHOST_V6_FLAG, ours.getSysFlag());
        MessageExt raw = MessageRecord.decode(buf.duplicate(), true, false);
        assertArrayEquals(compressed, raw.getBody());
        assertEquals(msg.getSysFlag(), raw.getSysFlag());
    }

    @ParameterizedTest(name = "born {0}, store {1}, properties {2}")
    @MethodSource("hostsAndProperties")
    void ferryDecoderReadsOfficialRecords(InetSocketAddress born, InetSocketAddress store, Map<String, String> p)
            throws Exception {
        MessageExt expected = Fixtures.message(born, store, p, utf8("from the official encoder ✓"));
        // The official encoder sizes host fields from the sysFlag, so set the v6 bits the way a broker does.
        int sysFlag = expected.getSysFlag();
        if (born.getAddress().getAddress().length == 16) {
            sysFlag |= MessageSysFlag.BORNHOST_V6_FLAG;
        }
        if (store.getAddress().getAddress().length == 16) {
            sysFlag |= MessageSysFlag.STOREHOST_V6_FLAG;
        }
        expected.setSysFlag(sysFlag);
        byte[] bytes = MessageDecoder.encode(Fixtures.toOfficial(expected), false);

        ByteBuffer buf = ByteBuffer.wrap(bytes);
        MessageExt ours = MessageRecord.decode(buf, true, true);
        assertEquals(bytes.length, buf.position(), "decode advances past the record");
        assertEquals(bytes.length, ours.getStoreSize());
        assertEquals(expected.getTopic(), ours.getTopic());
        assertEquals(expected.getQueueId(), ours.getQueueId());
        assertEquals(expected.getFlag(), ours.getFlag());
        assertEquals(expected.getQueueOffset(), ours.getQueueOffset());
        assertEquals(expected.getCommitLogOffset(), ours.getCommitLogOffset());
        assertEquals(expected.getSysFlag(), ours.getSysFlag());
        assertEquals(expected.getBornTimestamp(), ours.getBornTimestamp());
        assertEquals(expected.getBornHost(), ours.getBornHost());
        assertEquals(expected.getStoreTimestamp(), ours.getStoreTimestamp());
        assertEquals(expected.getStoreHost(), ours.getStoreHost());
        assertEquals(expected.getReconsumeTimes(), ours.getReconsumeTimes());
        assertEquals(expected.getPreparedTransactionOffset(), ours.getPreparedTransactionOffset());
        assertEquals(MessageRecord.crc(expected.getBody()), ours.getBodyCRC());
        assertArrayEquals(expected.getBody(), ours.getBody());
        assertEquals(expected.getProperties(), ours.getProperties());
        assertEquals(MessageDecoder.createMessageId(store, expected.getCommitLogOffset()), ours.getOffsetMsgId());

        // Same bytes both ways: re-encoding what we decoded gives back the official bytes
        // (property order aside, which a HashMap decides on the official side).
        if (p.size() <= 1) {
            assertArrayEquals(bytes, Fixtures.toArray(Fixtures.encode(ours)));
        }
    }

    @Test
    void ferryDecoderReadsABodyTheOfficialEncoderCompressed() throws Exception {
        byte[] original = utf8("payment-settled;".repeat(800));
        MessageExt expected = Fixtures.message(BORN_V4, STORE_V4, props("TAGS", "T"), original);
        expected.setSysFlag(MessageSysFlag.COMPRESSED_FLAG | MessageSysFlag.COMPRESSION_ZLIB_TYPE);
        byte[] bytes = MessageDecoder.encode(Fixtures.toOfficial(expected), true);
        assertTrue(bytes.length < original.length, "official encoder compressed the body");

        MessageExt ours = MessageRecord.decode(ByteBuffer.wrap(bytes), true, true);
        assertArrayEquals(original, ours.getBody());
        MessageExt raw = MessageRecord.decode(ByteBuffer.wrap(bytes), true, false);
        assertTrue(MessageSysFlag.isCompressed(raw.getSysFlag()));
        assertArrayEquals(original, BodyCompression.decompress(raw.getBody(), CompressionType.ZLIB, 1 << 20));
    }

    @Test
    void readBodyFalseLeavesBodyNullAndStillAdvances() {
        MessageExt msg = Fixtures.message(BORN_V4, STORE_V4, props("TAGS", "A"), utf8("body"));
        ByteBuffer buf = Fixtures.encode(msg);
        MessageExt ours = MessageRecord.decode(buf, false, false);
        assertNull(ours.getBody());
        assertFalse(buf.hasRemaining());
        assertEquals("A", ours.getTags());
    }

    @Test
    void decodeAllMatchesTheOfficialDecodesOnATruncatedTail() {
        ByteBuffer buf = ByteBuffer.allocate(4096);
        for (int i = 0; i < 3; i++) {
            MessageExt msg = Fixtures.message(BORN_V4, i == 1 ? STORE_V6 : STORE_V4, props("TAGS", "T" + i),
                    utf8("m" + i));
            msg.setCommitLogOffset(buf.position());
            MessageRecord.encode(buf, msg);
        }
        buf.flip();
        int second = MessageRecord.totalSize(buf, 0);
        int thirdStart = second + MessageRecord.totalSize(buf, second);
        buf.limit(buf.limit() - 5); // cut the last record short

        List<org.apache.rocketmq.common.message.MessageExt> official = MessageDecoder.decodes(buf.duplicate());
        ByteBuffer ours = buf.duplicate();
        List<MessageExt> decoded = MessageRecord.decodeAll(ours);
        assertEquals(2, official.size());
        assertEquals(official.size(), decoded.size());
        for (int i = 0; i < decoded.size(); i++) {
            assertEquals(official.get(i).getMsgId(), decoded.get(i).getOffsetMsgId());
            assertEquals(official.get(i).getTags(), decoded.get(i).getTags());
            assertEquals(official.get(i).getStoreHost(), decoded.get(i).getStoreHost());
        }
        assertEquals(thirdStart, ours.position(), "position is left at the first record not decoded");
    }
}
