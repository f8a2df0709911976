package io.ferrymq.common.util;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** UTF-8 helpers over absolute buffer ranges (never move the buffer's position). */
public final class Utf8 {

    private Utf8() {
    }

    /** Decodes {@code length} bytes starting at absolute index {@code offset}. */
    public static String decode(ByteBuffer buf, int offset, int length) {
        if (length == 0) {
            return "";
        }
        if (buf.hasArray()) {
            return new String(buf.array(), buf.arrayOffset() + offset, length, StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[length];
        buf.get(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** True when the {@code length} bytes at {@code offset} equal {@code expected}. */
    public static boolean equals(ByteBuffer buf, int offset, int length, byte[] expected) {
        if (length != expected.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (buf.get(offset + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
