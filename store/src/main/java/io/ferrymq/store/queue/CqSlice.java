package io.ferrymq.store.queue;

import io.ferrymq.store.file.MappedFile;
import java.nio.ByteBuffer;

/**
 * A zero-copy run of consecutive ConsumeQueue units from one segment, starting at logical offset
 * {@link #startOffset()}. The reader owns a reference on the segment and must {@link #release()} it.
 * Units are read with absolute gets; see {@link ConsumeQueue} for the 20-byte layout.
 */
public final class CqSlice implements AutoCloseable {

    private final MappedFile segment;
    private final ByteBuffer units;
    private final long startOffset;
    private final int count;
    private boolean released;

    CqSlice(MappedFile segment, ByteBuffer units, long startOffset) {
        this.segment = segment;
        this.units = units;
        this.startOffset = startOffset;
        this.count = units.limit() / ConsumeQueue.UNIT_SIZE;
    }

    /** Logical offset of unit 0. */
    public long startOffset() {
        return startOffset;
    }

    /** Number of units. */
    public int count() {
        return count;
    }

    /** Commit-log offset of the record of unit {@code i}. */
    public long physicalOffset(int i) {
        return units.getLong(i * ConsumeQueue.UNIT_SIZE + ConsumeQueue.PHYSICAL_OFFSET);
    }

    /** TOTALSIZE of the record of unit {@code i}. */
    public int size(int i) {
        return units.getInt(i * ConsumeQueue.UNIT_SIZE + ConsumeQueue.SIZE);
    }

    /** Tags code of unit {@code i}: tag hash, or delivery time for the delay topic. */
    public long tagsCode(int i) {
        return units.getLong(i * ConsumeQueue.UNIT_SIZE + ConsumeQueue.TAGS_CODE);
    }

    /** Releases the segment reference. Idempotent; same thread as the reads. */
    public void release() {
        if (!released) {
            released = true;
            segment.release();
        }
    }

    @Override
    public void close() {
        release();
    }
}
