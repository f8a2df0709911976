package io.ferrymq.common.message;

import io.ferrymq.common.util.Utf8;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The properties string of a message (PROTOCOL.md §3.3).
 *
 * <pre>
 *   name1 SOH value1 STX name2 SOH value2 ... nameN SOH valueN      (no trailing STX)
 *   SOH = char 1 (NAME_VALUE_SEPARATOR), STX = char 2 (PROPERTY_SEPARATOR); UTF-8 encoded
 * </pre>
 *
 * <p>Parsing splits on STX, then each piece on its first SOH; a piece with an
 * empty name or an empty value (so any piece shorter than 3 chars) is ignored, a trailing
 * STX is tolerated and a repeated name keeps its last value. In UTF-8 both separators are
 * single bytes that never occur inside a multi-byte sequence, so the byte-level lookups below follow
 * the same rules.
 */
public final class MessageProperties {

    public static final char NAME_VALUE_SEPARATOR = '\u0001';
    public static final char PROPERTY_SEPARATOR = '\u0002';

    /** Largest properties string a V1 record can hold, in UTF-8 bytes (signed short). */
    public static final int MAX_LENGTH = Short.MAX_VALUE;

    /** Returned by {@link #find} when the name is absent. */
    public static final long NOT_FOUND = -1L;

    private MessageProperties() {
    }

    /**
     * Encodes {@code properties} in iteration order; entries with a null value are skipped.
     *
     * @return the properties string, {@code ""} for a null or empty map
     * @throws IllegalArgumentException for a null or empty name, a name containing a separator or
     *     a value containing STX: they would corrupt the neighbouring entries
     */
    public static String encode(Map<String, String> properties) {
        if (properties == null || properties.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(properties.size() * 24);
        for (Map.Entry<String, String> e : properties.entrySet()) {
            String value = e.getValue();
            if (value == null) {
                continue;
            }
            String name = e.getKey();
            checkName(name);
            checkValue(name, value);
            if (sb.length() > 0) {
                sb.append(PROPERTY_SEPARATOR);
            }
            sb.append(name).append(NAME_VALUE_SEPARATOR).append(value);
        }
        return sb.toString();
    }

    /** Decodes a properties string into a new insertion-ordered map (empty for null or ""). */
    public static LinkedHashMap<String, String> decode(String text) {
        LinkedHashMap<String, String> map = new LinkedHashMap<>();
        if (text == null) {
            return map;
        }
        int len = text.length();
        int start = 0;
        while (start < len) {
            int end = text.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = len;
            }
            int sep = indexOf(text, NAME_VALUE_SEPARATOR, start, end);
            if (sep > start && sep < end - 1) {
                map.put(text.substring(start, sep), text.substring(sep + 1, end));
            }
            start = end + 1;
        }
        return map;
    }

    /** Decodes the UTF-8 properties at absolute {@code [offset, offset + length)} of {@code buf}. */
    public static LinkedHashMap<String, String> decode(ByteBuffer buf, int offset, int length) {
        return decode(Utf8.decode(buf, offset, length));
    }

    /**
     * Finds the value of property {@code nameUtf8} inside the UTF-8 properties at absolute
     * {@code [offset, offset + length)} of {@code buf} without allocating.
     *
     * @return {@link #NOT_FOUND}, or the value's absolute offset and byte length packed as
     *     {@code offset << 32 | length} (see {@link #rangeOffset}, {@link #rangeLength})
     */
    public static long find(ByteBuffer buf, int offset, int length, byte[] nameUtf8) {
        long found = NOT_FOUND;
        int limit = offset + length;
        int start = offset;
        while (start < limit) {
            int end = indexOf(buf, (byte) PROPERTY_SEPARATOR, start, limit);
            int sep = indexOf(buf, (byte) NAME_VALUE_SEPARATOR, start, end);
            if (sep > start && sep < end - 1 && Utf8.equals(buf, start, sep - start, nameUtf8)) {
                found = ((long) (sep + 1) << 32) | (end - sep - 1);
            }
            start = end + 1;
        }
        return found;
    }

    /** Absolute offset part of a {@link #find} result. */
    public static int rangeOffset(long range) {
        return (int) (range >>> 32);
    }

    /** Byte length part of a {@link #find} result. */
    public static int rangeLength(long range) {
        return (int) range;
    }

    static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("property name must not be null or empty");
        }
        if (name.indexOf(NAME_VALUE_SEPARATOR) >= 0 || name.indexOf(PROPERTY_SEPARATOR) >= 0) {
            throw new IllegalArgumentException("property name '" + printable(name)
                    + "' contains a separator character (\\u0001 or \\u0002)");
        }
    }

    static void checkValue(String name, String value) {
        if (value.indexOf(PROPERTY_SEPARATOR) >= 0) {
            throw new IllegalArgumentException("value of property '" + printable(name)
                    + "' contains the separator character \\u0002");
        }
    }

    private static String printable(String s) {
        return s.replace(NAME_VALUE_SEPARATOR, '?').replace(PROPERTY_SEPARATOR, '?');
    }

    private static int indexOf(String s, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    /** Index of {@code b} in {@code [from, to)}, or {@code to} when absent. */
    private static int indexOf(ByteBuffer buf, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf.get(i) == b) {
                return i;
            }
        }
        return to;
    }
}
