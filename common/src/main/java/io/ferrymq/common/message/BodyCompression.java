package io.ferrymq.common.message;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Compression of message bodies (PROTOCOL.md §3.4). Only ZLIB is available here: a standard zlib
 * stream (deflate with the 2-byte zlib header and Adler-32 trailer). LZ4 and ZSTD bodies can be
 * stored and forwarded as they are, but not (de)compressed by this class.
 */
public final class BodyCompression {

    /** Level the official producers use by default. */
    public static final int DEFAULT_LEVEL = 5;

    /** Bodies at least this large are compressed by the official producers. */
    public static final int DEFAULT_COMPRESS_OVER = 4096;

    /** Default cap on a decompressed body: far above the 4 MiB message limit, far below a heap. */
    public static final int DEFAULT_MAX_DECOMPRESSED_SIZE = 64 * 1024 * 1024;

    private BodyCompression() {
    }

    /**
     * Compresses {@code body}.
     *
     * @param level 0..9, or -1 for the library default
     * @throws UnsupportedOperationException for LZ4 and ZSTD
     */
    public static byte[] compress(byte[] body, CompressionType type, int level) {
        requireZlib(type);
        if (level < -1 || level > 9) {
            throw new IllegalArgumentException("ZLIB level must be -1..9, got " + level);
        }
        Deflater deflater = new Deflater(level);
        try {
            deflater.setInput(body);
            deflater.finish();
            byte[] out = new byte[Math.max(64, body.length / 2 + 64)];
            int length = 0;
            while (!deflater.finished()) {
                if (length == out.length) {
                    out = Arrays.copyOf(out, out.length * 2);
                }
                length += deflater.deflate(out, length, out.length - length);
            }
            return Arrays.copyOf(out, length);
        } finally {
            deflater.end();
        }
    }

    /** Decompresses a whole array; see {@link #decompress(byte[], int, int, CompressionType, int)}. */
    public static byte[] decompress(byte[] data, CompressionType type, int maxSize) {
        return decompress(data, 0, data.length, type, maxSize);
    }

    /**
     * Decompresses {@code data[offset, offset + length)}.
     *
     * @param maxSize largest acceptable decompressed size, in bytes
     * @throws MalformedMessageException when the data is not a complete stream of {@code type}, or
     *     would decompress to more than {@code maxSize} bytes
     * @throws UnsupportedOperationException for LZ4 and ZSTD
     */
    public static byte[] decompress(byte[] data, int offset, int length, CompressionType type, int maxSize) {
        requireZlib(type);
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must not be negative, got " + maxSize);
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data, offset, length);
            // One byte beyond maxSize tells "exactly maxSize" apart from "too large".
            int cap = maxSize == Integer.MAX_VALUE ? maxSize : maxSize + 1;
            byte[] out = new byte[(int) Math.min(cap, Math.max(64L, length * 4L))];
            int produced = 0;
            while (!inflater.finished()) {
                if (produced == out.length) {
                    if (out.length == cap) {
                        throw new MalformedMessageException("ZLIB body decompresses to more than "
                                + maxSize + " bytes");
                    }
                    out = Arrays.copyOf(out, (int) Math.min(cap, out.length * 2L));
                }
                int n = inflater.inflate(out, produced, out.length - produced);
                produced += n;
                if (n == 0 && !inflater.finished() && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new MalformedMessageException("ZLIB body is truncated or needs a preset dictionary ("
                            + length + " compressed bytes, " + produced + " decompressed)");
                }
            }
            if (produced > maxSize) {
                throw new MalformedMessageException("ZLIB body decompresses to more than " + maxSize + " bytes");
            }
            return produced == out.length ? out : Arrays.copyOf(out, produced);
        } catch (DataFormatException e) {
            throw new MalformedMessageException("ZLIB body is corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static void requireZlib(CompressionType type) {
        if (type != CompressionType.ZLIB) {
            throw new UnsupportedOperationException(type + " bodies (sysFlag bits 0x"
                    + Integer.toHexString(type.sysFlagBits()) + ") cannot be compressed or decompressed:"
                    + " FerryMQ common carries no " + type + " library; store and forward them as they are");
        }
    }
}
