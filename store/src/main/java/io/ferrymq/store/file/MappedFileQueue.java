package io.ferrymq.store.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordered, contiguous segments of one log in one directory: segment {@code i} covers log offsets
 * {@code [from_i, from_i + fileSize)} and {@code from_{i+1} = from_i + fileSize}. Only the last segment
 * is written; earlier ones are full. Retention removes segments from the head, recovery from the tail.
 *
 * <p>Threads: the log's single writer adds segments ({@link #rollFrom}) and recovery truncates; one
 * flusher calls {@link #flush()}; retention calls the delete methods; readers call
 * {@link #findByOffset} from any thread (the segment list is copy-on-write).
 */
public final class MappedFileQueue {

    private static final Logger LOG = LoggerFactory.getLogger(MappedFileQueue.class);

    private final Path dir;
    /** Configured for a new log; an existing log keeps the size its files have (see {@link #load()}). */
    private int fileSize;
    private final CopyOnWriteArrayList<MappedFile> segments = new CopyOnWriteArrayList<>();
    private volatile long flushedOffset;

    public MappedFileQueue(Path dir, int fileSize) {
        this.dir = dir;
        this.fileSize = fileSize;
    }

    public Path dir() {
        return dir;
    }

    public int fileSize() {
        return fileSize;
    }

    /**
     * Maps every segment file of the directory, in offset order. Positions are left at 0; the owner's
     * recovery sets them. Files whose names are not 20 digits are ignored. A log written with another
     * segment size (an older default, or a changed setting) keeps the size of its files: offsets and file
     * names depend on it. Call before any other thread uses the queue.
     *
     * @throws IOException when a segment has the wrong size or the offsets are not contiguous
     */
    public void load() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                if (MappedFile.parseFileName(p.getFileName().toString()) >= 0 && Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        }
        files.sort(null);
        if (!files.isEmpty()) {
            long onDisk = Files.size(files.get(0));
            if (onDisk != fileSize && onDisk > 0 && onDisk <= Integer.MAX_VALUE) {
                LOG.warn("segments in {} are {} bytes, not the configured {}: keeping {} for this log",
                        dir, onDisk, fileSize, onDisk);
                fileSize = (int) onDisk;
            }
        }
        List<MappedFile> loaded = new ArrayList<>();
        try {
            for (Path p : files) {
                MappedFile mf = MappedFile.open(p, fileSize);
                if (!loaded.isEmpty()) {
                    long expected = loaded.get(loaded.size() - 1).fileFromOffset() + fileSize;
                    if (mf.fileFromOffset() != expected) {
                        mf.close();
                        throw new IOException("segment " + p + " does not follow the previous one; expected "
                                + MappedFile.fileName(expected));
                    }
                }
                loaded.add(mf);
            }
        } catch (IOException e) {
            loaded.forEach(MappedFile::close);
            throw e;
        }
        segments.addAll(loaded);
        LOG.info("loaded {} segments from {}", loaded.size(), dir);
    }

    /** A snapshot of the segments, oldest first. */
    public List<MappedFile> segments() {
        return List.copyOf(segments);
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    public MappedFile first() {
        try {
            return segments.isEmpty() ? null : segments.get(0);
        } catch (IndexOutOfBoundsException e) {
            return null;
        }
    }

    public MappedFile last() {
        while (true) {
            int n = segments.size();
            if (n == 0) {
                return null;
            }
            try {
                return segments.get(n - 1);
            } catch (IndexOutOfBoundsException e) {
                // removed concurrently; look again
            }
        }
    }

    /**
     * Writer thread: creates the segment that starts the log at {@code offset} when the queue is empty
     * (offset rounded down to a segment boundary), or the one after the last.
     */
    public MappedFile rollFrom(long offset) throws IOException {
        MappedFile last = last();
        long from = last == null ? offset - offset % fileSize : last.fileFromOffset() + fileSize;
        if (last != null && !last.isFull()) {
            throw new IllegalStateException("rolling past a segment that is not full: " + last);
        }
        MappedFile mf = MappedFile.create(dir, from, fileSize);
        segments.add(mf);
        if (last == null) {
            flushedOffset = Math.max(flushedOffset, from);
        }
        return mf;
    }

    /** The segment holding {@code offset}, or null when the offset is outside every segment. Any thread. */
    public MappedFile findByOffset(long offset) {
        MappedFile first = first();
        if (first == null || offset < first.fileFromOffset()) {
            return null;
        }
        long index = (offset - first.fileFromOffset()) / fileSize;
        List<MappedFile> snapshot = segments;
        try {
            if (index < snapshot.size()) {
                MappedFile mf = snapshot.get((int) index);
                if (offset >= mf.fileFromOffset() && offset < mf.fileFromOffset() + fileSize) {
                    return mf;
                }
            }
        } catch (IndexOutOfBoundsException e) {
            // head removed concurrently; fall through to the scan
        }
        for (MappedFile mf : snapshot) {
            if (offset >= mf.fileFromOffset() && offset < mf.fileFromOffset() + fileSize) {
                return mf;
            }
        }
        return null;
    }

    /** Start offset of the oldest segment, or 0 when there is none. */
    public long minOffset() {
        MappedFile first = first();
        return first == null ? 0 : first.fileFromOffset();
    }

    /** One past the last written byte, or 0 when there is no segment. */
    public long maxOffset() {
        MappedFile last = last();
        return last == null ? 0 : last.fileFromOffset() + last.writePosition();
    }

    /** Everything below this offset is on disk. */
    public long flushedOffset() {
        return flushedOffset;
    }

    /** Recovery: sets the flushed offset (positions of segments are set by the owner). */
    public void setFlushedOffset(long offset) {
        flushedOffset = offset;
    }

    /**
     * Flusher thread: forces every written byte of every segment from the flushed offset on.
     *
     * @return the new flushed offset
     */
    public long flush() {
        long where = flushedOffset;
        while (true) {
            MappedFile mf = findByOffset(where);
            if (mf == null) {
                return where;
            }
            int pos = mf.flush();
            long reached = mf.fileFromOffset() + pos;
            if (reached > where) {
                where = reached;
                flushedOffset = where;
            }
            if (pos < fileSize) {
                return where;
            }
        }
    }

    /**
     * Drops the mappings of full, flushed segments (never the last one) that no reader has used for
     * {@code idleNanos}, then, while more than {@code maxMapped} of them are still mapped, those used
     * least recently that no reader holds right now; they are mapped again when read. The cap bounds
     * memory when a consumer sweeps a long backlog queue by queue (every segment stays "in use"). Safe
     * while readers and the writer run: the writer only touches the last segment, and every other user
     * of a segment holds a reference.
     *
     * @return how many mappings were dropped
     */
    public int unmapIdle(long idleNanos, int maxMapped) {
        List<MappedFile> snapshot = segments;
        List<MappedFile> stillMapped = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < snapshot.size() - 1; i++) {
            MappedFile mf = snapshot.get(i);
            if (mf.flushedPosition() != fileSize || !mf.isMapped()) {
                continue;
            }
            if (mf.unmapIfIdle(idleNanos)) {
                n++;
            } else {
                stillMapped.add(mf);
            }
        }
        if (stillMapped.size() > maxMapped) {
            stillMapped.sort(Comparator.comparingLong(MappedFile::lastUsedNanos));
            int excess = stillMapped.size() - maxMapped;
            for (int i = 0; i < stillMapped.size() && excess > 0; i++) {
                if (stillMapped.get(i).unmapIfIdle(0)) {
                    n++;
                    excess--;
                }
            }
        }
        return n;
    }

    /**
     * Recovery only: cuts the log at {@code offset}. Segments starting at or after it are deleted, the
     * one containing it is truncated (its tail zeroed).
     */
    public void truncateDirty(long offset) throws IOException {
        List<MappedFile> doomed = new ArrayList<>();
        for (MappedFile mf : segments) {
            long end = mf.fileFromOffset() + fileSize;
            if (mf.fileFromOffset() >= offset && !(offset == mf.fileFromOffset() && mf == first())) {
                doomed.add(mf);
            } else if (offset < end) {
                mf.truncate((int) Math.max(0, offset - mf.fileFromOffset()));
            } else {
                mf.setPositions(fileSize);
            }
        }
        for (MappedFile mf : doomed) {
            segments.remove(mf);
            mf.destroy();
            LOG.warn("deleted segment {} past the log end {}", mf.path(), offset);
        }
        flushedOffset = Math.min(flushedOffset, offset);
    }

    /**
     * Retention thread: deletes up to {@code maxCount} of the oldest segments whose last modification
     * is at least {@code reservedMillis} before {@code nowMillis} (all old segments when
     * {@code force}). The last segment is never deleted. Stops at the first segment that must stay.
     *
     * @return how many segments were deleted
     */
    public int deleteExpired(long nowMillis, long reservedMillis, int maxCount, boolean force) throws IOException {
        int deleted = 0;
        while (deleted < maxCount && segments.size() > 1) {
            MappedFile head = segments.get(0);
            if (!force && head.lastModifiedMillis() + reservedMillis > nowMillis) {
                break;
            }
            deleteHead(head);
            deleted++;
        }
        return deleted;
    }

    /**
     * Retention thread: deletes the oldest segments for which {@code isObsolete} holds (for example
     * "every entry points below the commit log's minimum"). The last segment is never deleted.
     */
    public int deleteWhile(SegmentPredicate isObsolete) throws IOException {
        int deleted = 0;
        while (segments.size() > 1) {
            MappedFile head = segments.get(0);
            if (!isObsolete.test(head)) {
                break;
            }
            deleteHead(head);
            deleted++;
        }
        return deleted;
    }

    private void deleteHead(MappedFile head) throws IOException {
        segments.remove(head);
        head.destroy();
        LOG.info("deleted segment {}", head.path());
    }

    /** Deletes every segment (a consume queue being rebuilt, tests). */
    public void destroyAll() throws IOException {
        for (MappedFile mf : segments) {
            segments.remove(mf);
            mf.destroy();
        }
        flushedOffset = 0;
    }

    /** Releases every mapping (readers still holding a reference keep theirs until they release). */
    public void close() {
        for (MappedFile mf : segments) {
            mf.close();
        }
        segments.clear();
    }

    /** A test on a segment that may do I/O. */
    @FunctionalInterface
    public interface SegmentPredicate {
        boolean test(MappedFile segment) throws IOException;
    }
}
