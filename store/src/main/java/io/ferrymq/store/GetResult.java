package io.ferrymq.store;

import io.ferrymq.store.file.MappedFile;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages of one queue read by {@link MessageStore#getMessages}: zero-copy slices of the commit log
 * (each one complete record), plus where the next read should start. The holder keeps the segments
 * mapped until {@link #release()}, which must be called exactly once (for example after the slices were
 * written to a socket). A result of {@link MessageStore#copyMessages} has no slices (the records went
 * to the caller's sink) and holds no segment.
 */
public final class GetResult implements AutoCloseable {

    private final GetStatus status;
    private final long nextBeginOffset;
    private final long minOffset;
    private final long maxOffset;
    private final List<ByteBuffer> messages;
    private final List<Long> queueOffsets;
    private final List<MappedFile> retained;
    private final int count;
    private final int bytes;

    GetResult(GetStatus status, long nextBeginOffset, long minOffset, long maxOffset, List<ByteBuffer> messages,
              List<Long> queueOffsets, List<MappedFile> retained, int count, int bytes) {
        this.status = status;
        this.nextBeginOffset = nextBeginOffset;
        this.minOffset = minOffset;
        this.maxOffset = maxOffset;
        this.messages = messages;
        this.queueOffsets = queueOffsets;
        this.retained = retained;
        this.count = count;
        this.bytes = bytes;
    }

    static GetResult empty(GetStatus status, long next, long min, long max) {
        return new GetResult(status, next, min, max, List.of(), List.of(), new ArrayList<>(0), 0, 0);
    }

    public GetStatus status() {
        return status;
    }

    public long nextBeginOffset() {
        return nextBeginOffset;
    }

    public long minOffset() {
        return minOffset;
    }

    public long maxOffset() {
        return maxOffset;
    }

    /** One buffer per record, position 0, limit = TOTALSIZE; empty when the records were copied to a sink. */
    public List<ByteBuffer> messages() {
        return messages;
    }

    /** Queue offset of each message (empty when the records were copied to a sink). */
    public List<Long> queueOffsets() {
        return queueOffsets;
    }

    public int messageCount() {
        return count;
    }

    /** Total bytes of the records. */
    public int bytes() {
        return bytes;
    }

    /** Releases the segments. */
    public void release() {
        for (MappedFile mf : retained) {
            mf.release();
        }
        retained.clear();
    }

    @Override
    public void close() {
        release();
    }
}
