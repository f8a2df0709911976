package io.ferrymq.store.file;

import java.nio.ByteBuffer;

/**
 * A zero-copy view of bytes of one segment, with the reference that keeps the segment mapped.
 * The holder must {@link #release()} it exactly once, on any thread, when done with the buffer.
 */
public final class SegmentSlice implements AutoCloseable {

    private final MappedFile segment;
    private final ByteBuffer buffer;
    private final long offset;
    private boolean released;

    public SegmentSlice(MappedFile segment, ByteBuffer buffer, long offset) {
        this.segment = segment;
        this.buffer = buffer;
        this.offset = offset;
    }

    /** The bytes; position 0, limit = length. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Log offset of the first byte. */
    public long offset() {
        return offset;
    }

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
