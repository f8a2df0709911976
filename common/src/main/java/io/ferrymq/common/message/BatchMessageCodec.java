package io.ferrymq.common.message;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of SEND_BATCH_MESSAGE (PROTOCOL.md §3.7): one entry per message, back to back.
 *
 * <pre>
 * position   size  field
 * 0          4     TOTALSIZE           size of this entry = 22 + n + p
 * 4          4     MAGICCODE           0, ignored
 * 8          4     BODYCRC             0, ignored
 * 12         4     FLAG
 * 16         4     BODY LENGTH n
 * 20         n     BODY
 * 20+n       2     PROPERTIES LENGTH p signed short
 * 22+n       p     PROPERTIES          UTF-8, the message's own properties
 * </pre>
 *
 * The topic, queue, born data and sysFlag travel in the request header, not here. Reading is
 * strict: every length must agree with TOTALSIZE, and nothing outside the buffer is read.
 */
public final class BatchMessageCodec {

    public static final int TOTAL_SIZE_POSITION = 0;
    public static final int MAGIC_POSITION = TOTAL_SIZE_POSITION + 4;
    public static final int BODY_CRC_POSITION = MAGIC_POSITION + 4;
    public static final int FLAG_POSITION = BODY_CRC_POSITION + 4;
    public static final int BODY_LENGTH_POSITION = FLAG_POSITION + 4;
    public static final int BODY_POSITION = BODY_LENGTH_POSITION + 4;
    /** Size of an entry with empty body and properties. */
    public static final int MIN_ENTRY_LENGTH = BODY_POSITION + 2;

    private BatchMessageCodec() {
    }

    /**
     * Decodes all entries of {@code body} between its position and limit (the position is not
     * moved) into messages of {@code topic}.
     *
     * @throws MalformedMessageException when an entry is truncated or its lengths disagree
     */
    public static List<Message> decode(ByteBuffer body, String topic) {
        List<Message> messages = new ArrayList<>();
        Cursor cursor = new Cursor(body);
        while (cursor.next()) {
            Message msg = new Message();
            msg.setTopic(topic);
            msg.setFlag(cursor.flag());
            byte[] bytes = new byte[cursor.bodyLength()];
            body.get(cursor.bodyPosition(), bytes);
            msg.setBody(bytes);
            if (cursor.propertiesLength() > 0) {
                msg.adoptProperties(MessageProperties.decode(body, cursor.propertiesPosition(),
                        cursor.propertiesLength()));
            }
            messages.add(msg);
        }
        return messages;
    }

    /**
     * Validates every entry of {@code body} (position to limit, position not moved).
     *
     * @return the number of messages
     * @throws MalformedMessageException at the first bad entry
     */
    public static int count(ByteBuffer body) {
        Cursor cursor = new Cursor(body);
        int n = 0;
        while (cursor.next()) {
            n++;
        }
        return n;
    }

    /**
     * Encodes {@code messages} (topic ignored) as a batch body.
     *
     * @throws IllegalArgumentException when a message's properties exceed 32767 UTF-8 bytes
     */
    public static byte[] encode(List<? extends Message> messages) {
        byte[][] properties = new byte[messages.size()][];
        long size = 0;
        for (int i = 0; i < properties.length; i++) {
            Message msg = messages.get(i);
            properties[i] = MessageProperties.encode(msg.getProperties()).getBytes(StandardCharsets.UTF_8);
            if (properties[i].length > MessageProperties.MAX_LENGTH) {
                throw new IllegalArgumentException("properties of message " + i + " are " + properties[i].length
                        + " bytes in UTF-8; at most " + MessageProperties.MAX_LENGTH + " fit");
            }
            size += MIN_ENTRY_LENGTH + bodyLength(msg) + properties[i].length;
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("batch of " + size + " bytes is too large");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        for (int i = 0; i < properties.length; i++) {
            Message msg = messages.get(i);
            int bodyLength = bodyLength(msg);
            out.putInt(MIN_ENTRY_LENGTH + bodyLength + properties[i].length)
                    .putInt(0)
                    .putInt(0)
                    .putInt(msg.getFlag())
                    .putInt(bodyLength);
            if (bodyLength > 0) {
                out.put(msg.getBody());
            }
            out.putShort((short) properties[i].length).put(properties[i]);
        }
        return out.array();
    }

    private static int bodyLength(Message msg) {
        return msg.getBody() == null ? 0 : msg.getBody().length;
    }

    /**
     * Walks the entries of a batch body without copying: after {@link #next()} returns true the
     * accessors describe the current entry (absolute indexes into the buffer). Not thread-safe.
     */
    public static final class Cursor {
        private final ByteBuffer buf;
        private final int limit;
        private int next;
        private int index = -1;
        private int entry;

        /** A cursor over {@code body} from its position to its limit (the position is not moved). */
        public Cursor(ByteBuffer body) {
            if (body.order() != ByteOrder.BIG_ENDIAN) {
                throw new IllegalArgumentException("batch bodies are big-endian; the buffer is " + body.order());
            }
            this.buf = body;
            this.next = body.position();
            this.limit = body.limit();
        }

        /**
         * Moves to the next entry.
         *
         * @return false when the body is exhausted
         * @throws MalformedMessageException when the next entry is truncated or inconsistent
         */
        public boolean next() {
            if (next >= limit) {
                return false;
            }
            int p = next;
            int n = index + 1;
            int available = limit - p;
            if (available < MIN_ENTRY_LENGTH) {
                throw bad(n, p, "only " + available + " bytes left, an entry needs at least " + MIN_ENTRY_LENGTH);
            }
            int totalSize = buf.getInt(p + TOTAL_SIZE_POSITION);
            if (totalSize < MIN_ENTRY_LENGTH || totalSize > available) {
                throw bad(n, p, "TOTALSIZE " + totalSize + " is outside " + MIN_ENTRY_LENGTH + ".." + available
                        + " (bytes left)");
            }
            int bodyLength = buf.getInt(p + BODY_LENGTH_POSITION);
            if (bodyLength < 0 || bodyLength > totalSize - MIN_ENTRY_LENGTH) {
                throw bad(n, p, "BODY LENGTH " + bodyLength + " does not fit in TOTALSIZE " + totalSize);
            }
            int propertiesLength = buf.getShort(p + BODY_POSITION + bodyLength);
            if (propertiesLength < 0 || MIN_ENTRY_LENGTH + bodyLength + propertiesLength != totalSize) {
                throw bad(n, p, "lengths (body " + bodyLength + ", properties " + propertiesLength
                        + ") do not add up to TOTALSIZE " + totalSize);
            }
            entry = p;
            index = n;
            next = p + totalSize;
            return true;
        }

        /** 0-based index of the current entry. */
        public int index() {
            return index;
        }

        /** Absolute index of the current entry. */
        public int entryPosition() {
            return entry;
        }

        public int flag() {
            return buf.getInt(entry + FLAG_POSITION);
        }

        public int bodyLength() {
            return buf.getInt(entry + BODY_LENGTH_POSITION);
        }

        /** Absolute index of the current body. */
        public int bodyPosition() {
            return entry + BODY_POSITION;
        }

        public int propertiesLength() {
            return buf.getShort(entry + BODY_POSITION + bodyLength());
        }

        /** Absolute index of the current properties. */
        public int propertiesPosition() {
            return entry + BODY_POSITION + bodyLength() + 2;
        }

        private static MalformedMessageException bad(int index, int position, String reason) {
            return new MalformedMessageException("batch entry " + index + " at position " + position + ": "
                    + reason);
        }
    }
}
