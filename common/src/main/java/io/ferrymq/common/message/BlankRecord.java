package io.ferrymq.common.message;

import java.nio.ByteBuffer;

/**
 * The filler that closes a CommitLog segment when the next record does not fit. Never sent to
 * clients.
 *
 * <pre>
 *   0        4        8
 *   +--------+--------+
 *   |TOTALSIZE| MAGIC |     TOTALSIZE = bytes left in the segment (at least 8), MAGIC = 0xCBD43194
 *   +--------+--------+
 * </pre>
 * The bytes after the first 8 are left as they are.
 */
public final class BlankRecord {

    /** Magic of the filler record (-875286124). */
    public static final int MAGIC = 0xCBD43194;

    /** Bytes written by {@link #write}; a segment must always keep room for them. */
    public static final int LENGTH = 8;

    private BlankRecord() {
    }

    /**
     * Writes a filler covering {@code remaining} bytes at absolute index {@code pos}.
     *
     * @throws IllegalArgumentException when {@code remaining < 8}
     */
    public static void write(ByteBuffer buf, int pos, int remaining) {
        if (remaining < LENGTH) {
            throw new IllegalArgumentException("a blank record needs at least " + LENGTH
                    + " bytes, only " + remaining + " remain");
        }
        buf.putInt(pos + MessageRecord.TOTAL_SIZE_POSITION, remaining);
        buf.putInt(pos + MessageRecord.MAGIC_POSITION, MAGIC);
    }

    /** True when the record at absolute index {@code pos} carries the blank magic. */
    public static boolean isBlank(ByteBuffer buf, int pos) {
        return buf.getInt(pos + MessageRecord.MAGIC_POSITION) == MAGIC;
    }
}
