package io.ferrymq.common.message;

import static io.ferrymq.common.message.Fixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.apache.rocketmq.common.compression.ZlibCompressor;
import org.junit.jupiter.api.Test;

/** ZLIB bodies against the official {@code ZlibCompressor}. */
class BodyCompressionTest {

    @Test
    void roundTripsWithTheOfficialZlibCode() throws Exception {
        ZlibCompressor zlib = new ZlibCompressor();
        Random random = new Random(42);
        for (int size : new int[] {0, 1, 100, 4096, 200_000}) {
            byte[] body = new byte[size];
            for (int i = 0; i < size; i++) {
                body[i] = (byte) ('a' + random.nextInt(random.nextBoolean() ? 3 : 26));
            }
            byte[] ours = BodyCompression.compress(body, CompressionType.ZLIB, 5);
            assertEquals(0x78, ours[0] & 0xFF, "zlib header");
            assertArrayEquals(body, zlib.decompress(ours));
            byte[] official = zlib.compress(body, 5);
            assertArrayEquals(body, BodyCompression.decompress(official, CompressionType.ZLIB, size));
            assertArrayEquals(body, BodyCompression.decompress(ours, CompressionType.ZLIB, size));
        }
    }

    @Test
    void sizeCapIsEnforcedExactly() {
        byte[] bomb = BodyCompression.compress(new byte[1_000_000], CompressionType.ZLIB, 9);
        assertTrue(bomb.length < 2_000);
        assertEquals(1_000_000, BodyCompression.decompress(bomb, CompressionType.ZLIB, 1_000_000).length);
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> BodyCompression.decompress(bomb, CompressionType.ZLIB, 999_999));
        assertTrue(e.getMessage().contains("more than 999999 bytes"), e.getMessage());
    }

    @Test
    void truncatedAndCorruptStreamsAreReported() {
        byte[] good = BodyCompression.compress(utf8("hello hello hello hello"), CompressionType.ZLIB, 5);
        byte[] truncated = Arrays.copyOf(good, good.length - 5);
        assertTrue(assertThrows(MalformedMessageException.class,
                () -> BodyCompression.decompress(truncated, CompressionType.ZLIB, 1000))
                .getMessage().contains("truncated"));
        assertThrows(MalformedMessageException.class,
                () -> BodyCompression.decompress(utf8("plain text"), CompressionType.ZLIB, 1000));
        byte[] offsetCopy = new byte[good.length + 6];
        System.arraycopy(good, 0, offsetCopy, 3, good.length);
        assertArrayEquals(utf8("hello hello hello hello"),
                BodyCompression.decompress(offsetCopy, 3, good.length, CompressionType.ZLIB, 100));
    }

    @Test
    void lz4AndZstdAreNotAvailable() {
        for (CompressionType type : new CompressionType[] {CompressionType.LZ4, CompressionType.ZSTD}) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> BodyCompression.decompress(new byte[4], type, 100));
            assertTrue(e.getMessage().contains(type.name()), e.getMessage());
            assertThrows(UnsupportedOperationException.class, () -> BodyCompression.compress(new byte[4], type, 5));
        }
        assertThrows(IllegalArgumentException.class, () -> BodyCompression.compress(new byte[4], CompressionType.ZLIB, 10));
    }
}
