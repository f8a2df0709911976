package io.ferrymq.common.message;

import static io.ferrymq.common.message.Fixtures.props;
import static io.ferrymq.common.message.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.junit.jupiter.api.Test;

/** The properties string against the official {@code messageProperties2String} / {@code string2messageProperties}. */
class MessagePropertiesTest {

    @Test
    void encodingMatchesTheOfficialEncoder() {
        List<Map<String, String>> samples = List.of(
                props(),
                props("TAGS", "TagA"),
                props("a", "b", "TAGS", "TagA"),
                props("KEYS", "k1 k2", "WAIT", "true", "UNIQ_KEY", "AC110001", "DELAY", "3"),
                props("名前", "値", "emoji", "\uD83D\uDE00", "sp ace", " v a l "),
                props("value-with-soh", "a\u0001b\u0001c"));
        for (Map<String, String> map : samples) {
            // The official encoder iterates its map; give it the same order.
            assertEquals(MessageDecoder.messageProperties2String(new LinkedHashMap<>(map)),
                    MessageProperties.encode(map), map.toString());
            assertEquals(map, MessageProperties.decode(MessageProperties.encode(map)));
            assertEquals(map, MessageDecoder.string2messageProperties(MessageProperties.encode(map)));
        }
    }

    @Test
    void nullValuesAreSkippedAsTheOfficialEncoderDoes() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put("a", null);
        map.put("b", "2");
        map.put("c", null);
        assertEquals("b\u00012", MessageProperties.encode(map));
        assertEquals(MessageDecoder.messageProperties2String(map), MessageProperties.encode(map));
        assertEquals("", MessageProperties.encode(null));
        assertEquals("", MessageProperties.encode(Map.of()));
    }

    @Test
    void decodingFollowsTheOfficialSplitRules() {
        String[] texts = {
            "", "a", "ab", "\u0001", "\u0002", "a\u0001", "\u0001b", "a\u0001b", "a\u0001b\u0002",
            "a\u0001b\u0002\u0002c\u0001d", "a\u0001b\u0002x\u0002c\u0001d\u0002", "k\u0001v\u0001w",
            "k\u0001\u0002\u0001v\u0002kk\u0001vv", "a\u0001b\u0002a\u0001c", "a\u0001b\u0002a\u0001",
            "\u0002\u0002\u0002", "ab\u0002c\u0001d", "né\u0001wé\u0002\u0001\u0001\u0001"};
        for (String text : texts) {
            Map<String, String> expected = MessageDecoder.string2messageProperties(text);
            assertEquals(expected, MessageProperties.decode(text), printable(text));
            assertEquals(expected, MessageProperties.decode(ByteBuffer.wrap(utf8(text)), 0, utf8(text).length));
        }
        assertEquals(Map.of(), MessageProperties.decode((String) null));
    }

    @Test
    void randomStringsDecodeLikeTheOfficialDecoder() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        char[] alphabet = {'a', 'b', 'é', '\u0001', '\u0002', 'K', '1'};
        for (int round = 0; round < 5_000; round++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(16);
            for (int i = 0; i < length; i++) {
                sb.append(alphabet[random.nextInt(alphabet.length)]);
            }
            String text = sb.toString();
            Map<String, String> expected = new HashMap<>(MessageDecoder.string2messageProperties(text));
            assertEquals(expected, MessageProperties.decode(text), "seed " + seed + " text " + printable(text));
            for (String name : List.of("a", "b", "K", "ab", "é")) {
                long range = MessageProperties.find(ByteBuffer.wrap(utf8(text)), 0, utf8(text).length, utf8(name));
                String found = range == MessageProperties.NOT_FOUND ? null : new String(utf8(text),
                        MessageProperties.rangeOffset(range), MessageProperties.rangeLength(range),
                        java.nio.charset.StandardCharsets.UTF_8);
                assertEquals(expected.get(name), found, "seed " + seed + " find " + name + " in " + printable(text));
            }
        }
    }

    @Test
    void findLocatesAValueInsideALargerBuffer() {
        byte[] text = utf8("KEYS\u0001k1\u0002TAGS\u0001TagB\u0002UNIQ_KEY\u0001X");
        ByteBuffer buf = ByteBuffer.allocate(100);
        buf.position(20);
        buf.put(text);
        long range = MessageProperties.find(buf, 20, text.length, utf8("TAGS"));
        assertEquals(20 + 13, MessageProperties.rangeOffset(range));
        assertEquals(4, MessageProperties.rangeLength(range));
        assertEquals("TagB".hashCode(), TagHash.tagsCode(buf, MessageProperties.rangeOffset(range), 4));
        assertEquals(MessageProperties.NOT_FOUND, MessageProperties.find(buf, 20, text.length, utf8("TAG")));
        assertEquals(MessageProperties.NOT_FOUND, MessageProperties.find(buf, 20, 0, utf8("TAGS")));
    }

    @Test
    void separatorsInNamesOrValuesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> MessageProperties.encode(props("a\u0001", "v")));
        assertThrows(IllegalArgumentException.class, () -> MessageProperties.encode(props("a\u0002b", "v")));
        assertThrows(IllegalArgumentException.class, () -> MessageProperties.encode(props("", "v")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MessageProperties.encode(props("name", "v\u0002w")));
        assertTrue(e.getMessage().contains("'name'"), e.getMessage());
    }

    private static String printable(String s) {
        return s.replace("\u0001", "<1>").replace("\u0002", "<2>");
    }
}
