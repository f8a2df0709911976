package io.ferrymq.transaction;

import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.GetStatus;
import io.ferrymq.store.MessageFilter;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.file.SegmentSlice;
import java.nio.ByteBuffer;
import java.util.List;

/** Reads the records of one store queue in order, decoded, in bounded batches. */
final class QueueReader {
    private static final int BATCH = 256;

    private final MessageStore store;
    private final String topic;
    private final int queueId;

    QueueReader(MessageStore store, String topic, int queueId) {
        this.store = store;
        this.topic = topic;
        this.queueId = queueId;
    }

    /** The record at commit-log offset {@code physicalOffset}, decoded, or null when there is none. */
    static MessageExt readAt(MessageStore store, long physicalOffset) {
        SegmentSlice slice = store.messageByPhysicalOffset(physicalOffset);
        if (slice == null) {
            return null;
        }
        try {
            return MessageRecord.decode(slice.buffer().duplicate(), true, false);
        } catch (IllegalArgumentException e) {
            return null;
        } finally {
            slice.release();
        }
    }

    long maxOffset() {
        return store.maxOffset(topic, queueId);
    }

    interface Visitor {
        void visit(long queueOffset, MessageExt msg);
    }

    /** Sees each record in place: the buffer holds the record at index 0 and is valid only during the call. */
    interface RecordVisitor {
        void visit(long queueOffset, ByteBuffer record);
    }

    /** The record at index 0 of {@code record}, decoded with its body. */
    static MessageExt decode(ByteBuffer record) {
        return MessageRecord.decode(record.duplicate(), true, false);
    }

    /**
     * Visits every record from {@code from} (or the queue's min offset, if higher) up to {@code upTo},
     * decoded. Returns the offset reached ({@code upTo} unless the queue ended early).
     */
    long read(long from, long upTo, Visitor visitor) {
        return readRecords(from, upTo, (queueOffset, record) -> visitor.visit(queueOffset, decode(record)));
    }

    /** Like {@link #read}, without decoding: the visitor reads what it needs of each record. */
    long readRecords(long from, long upTo, RecordVisitor visitor) {
        long next = Math.max(from, store.minOffset(topic, queueId));
        while (next < upTo) {
            GetResult result = store.getMessages(topic, queueId, next, (int) Math.min(BATCH, upTo - next),
                    Integer.MAX_VALUE, MessageFilter.ALL);
            try {
                if (result.status() == GetStatus.OFFSET_TOO_SMALL) {
                    next = result.nextBeginOffset();
                    continue;
                }
                if (result.status() != GetStatus.FOUND && result.status() != GetStatus.NO_MATCHED_MESSAGE
                        && result.status() != GetStatus.MESSAGE_WAS_REMOVING) {
                    return next;
                }
                List<ByteBuffer> messages = result.messages();
                List<Long> offsets = result.queueOffsets();
                for (int i = 0; i < messages.size(); i++) {
                    visitor.visit(offsets.get(i), messages.get(i));
                }
                if (result.nextBeginOffset() <= next) {
                    return next;
                }
                next = result.nextBeginOffset();
            } finally {
                result.release();
            }
        }
        return next;
    }
}
