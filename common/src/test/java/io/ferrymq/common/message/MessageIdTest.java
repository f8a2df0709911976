package io.ferrymq.common.message;

import static io.ferrymq.common.message.Fixtures.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.List;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.junit.jupiter.api.Test;

/** offsetMsgId against the official {@code createMessageId} / {@code decodeMessageId}. */
class MessageIdTest {

    private static final List<InetSocketAddress> HOSTS = List.of(
            address("127.0.0.1", 10911), address("192.168.1.10", 65535), address("10.0.0.1", 0),
            address("2001:db8::8a2e:370:7334", 10911), address("::1", 1234));
    private static final long[] OFFSETS = {0, 0x1234, 1L << 40, Long.MAX_VALUE, -1};

    @Test
    void createMatchesTheOfficialEncoding() throws Exception {
        for (InetSocketAddress host : HOSTS) {
            for (long offset : OFFSETS) {
                String ours = MessageId.create(host, offset);
                assertEquals(MessageDecoder.createMessageId(host, offset), ours);
                assertEquals(host.getAddress().getAddress().length == 4 ? 32 : 56, ours.length());

                org.apache.rocketmq.common.message.MessageId official = MessageDecoder.decodeMessageId(ours);
                MessageId parsed = MessageId.parse(ours);
                assertEquals(official.getAddress(), parsed.address());
                assertEquals(official.getOffset(), parsed.offset());
                assertEquals(host, parsed.address());
                assertEquals(offset, parsed.offset());
                assertEquals(ours, parsed.toString());
            }
        }
    }

    @Test
    void theProtocolExample() {
        assertEquals("7F00000100002A9F0000000000001234", MessageId.create(address("127.0.0.1", 10911), 0x1234));
        assertEquals(new MessageId(address("127.0.0.1", 10911), 0x1234),
                MessageId.parse("7f00000100002a9f0000000000001234"));
    }

    @Test
    void badStringsAreRejectedWithAReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MessageId.parse(null))
                .getMessage().contains("null"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> MessageId.parse("7F000001"))
                .getMessage().contains("has 8 characters; expected 32 (IPv4) or 56 (IPv6)"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MessageId.parse("7F00000100002A9F000000000000123G")).getMessage().contains("not hexadecimal"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MessageId.parse("7F0000010001000000000000000012 4")).getMessage().contains("not hexadecimal"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MessageId.parse("7F000001FFFFFFFF0000000000001234")).getMessage().contains("port -1"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MessageId.create(InetSocketAddress.createUnresolved("host", 1), 0))
                .getMessage().contains("unresolved"));
    }
}
