package io.ferrymq.common.message;

import io.ferrymq.common.util.Utf8;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The consume-queue tags code (PROTOCOL.md §4.1): Java {@link String#hashCode()} of the
 * {@code TAGS} value, widened to long; 0 when there is no tag. Subscriptions compare the low 32
 * bits.
 */
public final class TagHash {

    private static final byte[] TAGS_UTF8 = MessageConst.TAGS.getBytes(StandardCharsets.UTF_8);

    private TagHash() {
    }

    /** Tags code of a tag string; 0 for null or empty. */
    public static long tagsCode(String tags) {
        if (tags == null || tags.isEmpty()) {
            return 0;
        }
        return tags.hashCode();
    }

    /**
     * Tags code of a UTF-8 tag at absolute {@code [offset, offset + length)}, equal to
     * {@code tagsCode(new String(bytes, UTF_8))}; allocates only when the tag is not ASCII.
     */
    public static long tagsCode(ByteBuffer buf, int offset, int length) {
        int h = 0;
        for (int i = 0; i < length; i++) {
            byte b = buf.get(offset + i);
            if (b < 0) {
                return tagsCode(Utf8.decode(buf, offset, length));
            }
            h = 31 * h + b;
        }
        return h;
    }

    /** Tags code of the well-formed record at absolute index {@code pos}, from its {@code TAGS} property. */
    public static long ofRecord(ByteBuffer buf, int pos) {
        int propertiesLengthPosition = MessageRecord.propertiesLengthPosition(buf, pos);
        long range = MessageProperties.find(buf, propertiesLengthPosition + 2,
                buf.getShort(propertiesLengthPosition), TAGS_UTF8);
        if (range == MessageProperties.NOT_FOUND) {
            return 0;
        }
        return tagsCode(buf, MessageProperties.rangeOffset(range), MessageProperties.rangeLength(range));
    }
}
