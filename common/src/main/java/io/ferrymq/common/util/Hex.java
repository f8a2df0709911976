package io.ferrymq.common.util;

/**
 * Uppercase hexadecimal text, as used by message ids on the wire (two characters per byte,
 * most significant nibble first).
 */
public final class Hex {

    private static final char[] DIGITS = "0123456789ABCDEF".toCharArray();

    private Hex() {
    }

    /** Uppercase hex of all bytes of {@code bytes}. */
    public static String encode(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            writeByte(out, i * 2, bytes[i]);
        }
        return new String(out);
    }

    /** Writes the two hex digits of {@code b} at {@code out[pos]} and returns the next position. */
    public static int writeByte(char[] out, int pos, byte b) {
        out[pos] = DIGITS[(b >>> 4) & 0xF];
        out[pos + 1] = DIGITS[b & 0xF];
        return pos + 2;
    }

    /** Writes the 8 hex digits of {@code v} at {@code out[pos]} and returns the next position. */
    public static int writeInt(char[] out, int pos, int v) {
        for (int shift = 28; shift >= 0; shift -= 4) {
            out[pos++] = DIGITS[(v >>> shift) & 0xF];
        }
        return pos;
    }

    /** Writes the 4 hex digits of the low 16 bits of {@code v} and returns the next position. */
    public static int writeShort(char[] out, int pos, int v) {
        for (int shift = 12; shift >= 0; shift -= 4) {
            out[pos++] = DIGITS[(v >>> shift) & 0xF];
        }
        return pos;
    }

    /** Writes the 16 hex digits of {@code v} at {@code out[pos]} and returns the next position. */
    public static int writeLong(char[] out, int pos, long v) {
        for (int shift = 60; shift >= 0; shift -= 4) {
            out[pos++] = DIGITS[(int) (v >>> shift) & 0xF];
        }
        return pos;
    }

    /**
     * Decodes hex text (either case) into bytes.
     *
     * @throws IllegalArgumentException if the text has an odd length or a non-hex character
     */
    public static byte[] decode(CharSequence text) {
        int len = text.length();
        if ((len & 1) != 0) {
            throw new IllegalArgumentException("hex text has odd length " + len);
        }
        byte[] out = new byte[len / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = digit(text, i * 2);
            int lo = digit(text, i * 2 + 1);
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    /** True when every character of {@code text} is a hex digit (either case). */
    public static boolean isHex(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            if (value(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static int digit(CharSequence text, int index) {
        char c = text.charAt(index);
        int d = value(c);
        if (d < 0) {
            throw new IllegalArgumentException("not a hex digit '" + c + "' at index " + index);
        }
        return d;
    }

    private static int value(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
