package io.ferrymq.store.queue;

import io.ferrymq.store.file.MappedFile;
import io.ferrymq.store.file.MappedFileQueue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The index of one topic queue into the commit log: fixed 20-byte units, unit {@code k} (logical
 * offset {@code k}) at byte {@code k * 20} of the queue's address space, stored in segment files
 * {@code consumequeue/<topic>/<queueId>/<20-digit first byte offset>}.
 *
 * <pre>
 *   0                   8          12                  20
 *   +-------------------+----------+-------------------+
 *   | commit-log offset | size     | tags code         |
 *   | int64             | int32    | int64             |
 *   +-------------------+----------+-------------------+
 * </pre>
 *
 * Tags code: {@code String.hashCode()} of the TAGS property widened to long (0 without tags); for
 * the delay topic, the delivery timestamp. A unit with size 0 is blank: it pads the head of a queue
 * that starts in the middle of a segment (rebuilt after retention removed its beginning).
 *
 * <p>Crash policy: units are written through the mapping and forced by the flush agent; after a
 * crash {@link #recover()} keeps units up to the first blank one of the last segment, and the store
 * then cuts units pointing past the recovered commit log ({@link #truncateFromPhysical}) and
 * re-dispatches the rest, which {@link #put} treats idempotently.
 *
 * <p>Threads: the dispatcher is the only writer ({@link #put}, recovery and retention run while it
 * does not write); readers call {@link #slice} and the offset getters from any thread.
 */
public final class ConsumeQueue {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumeQueue.class);

    public static final int PHYSICAL_OFFSET = 0;
    public static final int SIZE = PHYSICAL_OFFSET + 8;
    public static final int TAGS_CODE = SIZE + 4;
    public static final int UNIT_SIZE = TAGS_CODE + 8;

    /** Outcome of {@link #put}. */
    public enum PutStatus {
        /** The unit was written at the expected logical offset. */
        WRITTEN,
        /** A unit already exists at that offset (a re-dispatch after recovery); nothing written. */
        ALREADY_PRESENT,
        /** The offset is past the end of a non-empty queue: a bug upstream; nothing written. */
        GAP
    }

    private final String topic;
    private final int queueId;
    private final MappedFileQueue files;
    private final int segmentBytes;
    private volatile long minOffset;

    public ConsumeQueue(String topic, int queueId, Path dir, int segmentBytes) {
        if (segmentBytes % UNIT_SIZE != 0) {
            throw new IllegalArgumentException("segment size " + segmentBytes + " is not a multiple of " + UNIT_SIZE);
        }
        this.topic = topic;
        this.queueId = queueId;
        this.files = new MappedFileQueue(dir, segmentBytes);
        this.segmentBytes = segmentBytes;
    }

    public String topic() {
        return topic;
    }

    public int queueId() {
        return queueId;
    }

    /** Maps the segment files; {@link #recover()} must follow. */
    public void load() throws IOException {
        files.load();
    }

    /**
     * Sets write positions from the content: every segment but the last is full, the last ends at its
     * first blank unit after the leading blanks. Computes the minimum offset.
     */
    public void recover() {
        List<MappedFile> segments = files.segments();
        if (segments.isEmpty()) {
            minOffset = 0;
            return;
        }
        for (int i = 0; i < segments.size() - 1; i++) {
            segments.get(i).setPositions(segmentBytes);
        }
        MappedFile last = segments.get(segments.size() - 1);
        ByteBuffer buf = last.buffer();
        int pos = 0;
        if (segments.size() == 1) {
            pos = firstNonBlank(buf, 0);
        }
        while (pos < segmentBytes && buf.getInt(pos + SIZE) > 0) {
            pos += UNIT_SIZE;
        }
        if (segments.size() == 1 && pos == segmentBytes && buf.getInt(segmentBytes - UNIT_SIZE + SIZE) <= 0) {
            pos = 0;
        }
        last.setPositions(pos);
        files.setFlushedOffset(last.fileFromOffset() + pos);
        MappedFile first = segments.get(0);
        minOffset = (first.fileFromOffset() + firstNonBlank(first.buffer(), 0)) / UNIT_SIZE;
        if (minOffset > maxOffset()) {
            minOffset = maxOffset();
        }
    }

    private int firstNonBlank(ByteBuffer buf, int from) {
        int pos = from;
        while (pos < segmentBytes && buf.getInt(pos + SIZE) <= 0) {
            pos += UNIT_SIZE;
        }
        return pos;
    }

    /** First logical offset still present. */
    public long minOffset() {
        return minOffset;
    }

    /** Next logical offset to be written = number of units ever written (retained or not). */
    public long maxOffset() {
        return files.maxOffset() / UNIT_SIZE;
    }

    /**
     * Commit-log offset just past the record of the last unit (offset + size), or -1 when empty.
     * Recovery uses it to find where dispatch must resume.
     */
    public long lastPhysicalEnd() {
        long max = maxOffset();
        if (max <= minOffset) {
            return -1;
        }
        MappedFile mf = files.findByOffset((max - 1) * UNIT_SIZE);
        int pos = (int) ((max - 1) * UNIT_SIZE - mf.fileFromOffset());
        return mf.buffer().getLong(pos + PHYSICAL_OFFSET) + mf.buffer().getInt(pos + SIZE);
    }

    /**
     * Dispatcher thread: writes the unit for logical offset {@code offset}.
     *
     * <p>An offset below {@link #maxOffset()} is already present (re-dispatch after recovery). A first
     * unit of an empty queue may start anywhere: the units before it in its segment stay blank.
     */
    public PutStatus put(long offset, long physicalOffset, int size, long tagsCode) throws IOException {
        long max = maxOffset();
        if (offset < max) {
            return PutStatus.ALREADY_PRESENT;
        }
        boolean empty = max <= minOffset;
        if (offset > max && !empty) {
            LOG.error("{}:{} put at {} leaves a gap after {}", topic, queueId, offset, max);
            return PutStatus.GAP;
        }
        long bytePos = offset * UNIT_SIZE;
        MappedFile mf = files.last();
        if (mf == null || offset > max) {
            // an empty queue starting here: restart its files, units before it in the segment stay blank
            if (mf != null) {
                files.destroyAll();
            }
            mf = files.rollFrom(bytePos);
            mf.setWritePosition((int) (bytePos - mf.fileFromOffset()));
            files.setFlushedOffset(mf.fileFromOffset());
            minOffset = offset;
        } else if (mf.isFull()) {
            mf = files.rollFrom(bytePos);
        }
        int pos = (int) (bytePos - mf.fileFromOffset());
        ByteBuffer buf = mf.buffer();
        buf.putLong(pos + PHYSICAL_OFFSET, physicalOffset);
        buf.putInt(pos + SIZE, size);
        buf.putLong(pos + TAGS_CODE, tagsCode);
        mf.setWritePosition(pos + UNIT_SIZE);
        return PutStatus.WRITTEN;
    }

    /**
     * Units from logical offset {@code offset} to the end of its segment's written part, or null when
     * {@code offset} is outside {@code [minOffset, maxOffset)} or the segment is being deleted. Any thread.
     */
    public CqSlice slice(long offset) {
        if (offset < minOffset || offset >= maxOffset()) {
            return null;
        }
        long bytePos = offset * UNIT_SIZE;
        MappedFile mf = files.findByOffset(bytePos);
        if (mf == null || !mf.retain()) {
            return null;
        }
        int pos = (int) (bytePos - mf.fileFromOffset());
        int end = mf.writePosition();
        if (end <= pos) {
            mf.release();
            return null;
        }
        return new CqSlice(mf, mf.slice(pos, end - pos), offset);
    }

    /** Reads one unit; false when {@code offset} is not present. */
    public boolean read(long offset, UnitReader reader) {
        CqSlice s = slice(offset);
        if (s == null) {
            return false;
        }
        try {
            reader.unit(s.physicalOffset(0), s.size(0), s.tagsCode(0));
            return true;
        } finally {
            s.release();
        }
    }

    /**
     * The smallest logical offset in {@code [minOffset, maxOffset)} whose unit satisfies
     * {@code predicate}, which must be false then true along the queue; {@code maxOffset} if none.
     */
    public long search(UnitPredicate predicate) {
        long lo = minOffset;
        long hi = maxOffset();
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            MappedFile mf = files.findByOffset(mid * UNIT_SIZE);
            if (mf == null || !mf.retain()) {
                lo = mid + 1;
                continue;
            }
            boolean hit;
            try {
                int pos = (int) (mid * UNIT_SIZE - mf.fileFromOffset());
                ByteBuffer b = mf.buffer();
                hit = predicate.test(b.getLong(pos + PHYSICAL_OFFSET), b.getInt(pos + SIZE), b.getLong(pos + TAGS_CODE));
            } finally {
                mf.release();
            }
            if (hit) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** Recovery: removes units whose record starts at or after {@code physicalOffset}. */
    public void truncateFromPhysical(long physicalOffset) throws IOException {
        long max = maxOffset();
        long cut = search((phy, size, tags) -> phy >= physicalOffset);
        if (cut < max) {
            LOG.info("{}:{} cut at logical offset {} (was {}): units pointed past commit-log offset {}",
                    topic, queueId, cut, max, physicalOffset);
            files.truncateDirty(cut * UNIT_SIZE);
            if (minOffset > cut) {
                minOffset = cut;
            }
        }
    }

    /**
     * Retention: moves the minimum offset to the first unit whose record is still in the commit log
     * (starts at or after {@code commitLogMinOffset}) and deletes segments that only point below it.
     *
     * @return segments deleted
     */
    public int correctMinOffset(long commitLogMinOffset) throws IOException {
        int deleted = files.deleteWhile(seg -> seg.isFull()
                && seg.buffer().getLong(segmentBytes - UNIT_SIZE + PHYSICAL_OFFSET) < commitLogMinOffset);
        long first = files.minOffset() / UNIT_SIZE;
        if (minOffset < first) {
            minOffset = first;
        }
        long newMin = search((phy, size, tags) -> phy >= commitLogMinOffset);
        if (newMin > minOffset) {
            minOffset = newMin;
        }
        return deleted;
    }

    /** Flush agent: forces written units. */
    public void flush() {
        files.flush();
    }

    /** Deletes every file of this queue. */
    public void destroy() throws IOException {
        files.destroyAll();
        minOffset = 0;
    }

    public void close() {
        files.close();
    }

    /** Receives one unit. */
    @FunctionalInterface
    public interface UnitReader {
        void unit(long physicalOffset, int size, long tagsCode);
    }

    /** A test on one unit. */
    @FunctionalInterface
    public interface UnitPredicate {
        boolean test(long physicalOffset, int size, long tagsCode);
    }
}
