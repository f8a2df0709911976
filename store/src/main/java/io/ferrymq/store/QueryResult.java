package io.ferrymq.store;

import io.ferrymq.store.file.SegmentSlice;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Messages found by key: zero-copy views of their records, newest first, holding their segments
 * mapped until {@link #release()}. The index fields fill QUERY_MESSAGE's response header.
 */
public final class QueryResult implements AutoCloseable {

    private final List<SegmentSlice> slices;
    private final long indexLastUpdateTimestamp;
    private final long indexLastUpdatePhyoffset;

    QueryResult(List<SegmentSlice> slices, long indexLastUpdateTimestamp, long indexLastUpdatePhyoffset) {
        this.slices = slices;
        this.indexLastUpdateTimestamp = indexLastUpdateTimestamp;
        this.indexLastUpdatePhyoffset = indexLastUpdatePhyoffset;
    }

    /** The records (position 0, limit = record size). */
    public List<ByteBuffer> messages() {
        List<ByteBuffer> out = new ArrayList<>(slices.size());
        slices.forEach(s -> out.add(s.buffer()));
        return Collections.unmodifiableList(out);
    }

    /** Commit-log offsets of the records, in the order of {@link #messages()}. */
    public List<Long> physicalOffsets() {
        List<Long> out = new ArrayList<>(slices.size());
        slices.forEach(s -> out.add(s.offset()));
        return out;
    }

    public int messageCount() {
        return slices.size();
    }

    /** Store timestamp of the newest index entry. */
    public long indexLastUpdateTimestamp() {
        return indexLastUpdateTimestamp;
    }

    /** Commit-log offset up to which records are dispatched (and indexed). */
    public long indexLastUpdatePhyoffset() {
        return indexLastUpdatePhyoffset;
    }

    /** Releases the segments. Idempotent. */
    public void release() {
        slices.forEach(SegmentSlice::release);
    }

    @Override
    public void close() {
        release();
    }
}
