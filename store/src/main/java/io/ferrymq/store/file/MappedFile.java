package io.ferrymq.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fixed-size segment of a log, memory-mapped as a whole (direct memory: nothing of it lives on the
 * heap). The file is named by the 20-digit, zero-padded log offset of its first byte, so
 * {@code 00000000001073741824} is the second 1 GiB commit-log segment.
 *
 * <pre>
 *   0                  flushedPosition        writePosition               fileSize
 *   |== durable =======|== page cache only ====|.... unwritten (zeros) .....|
 * </pre>
 *
 * <p>Threads: one writer appends and patches (positions only grow, except {@link #truncate}, which
 * runs during recovery before any reader); one flusher calls {@link #flush()}; any thread reads with
 * {@link #slice} after a successful {@link #retain()}, and calls {@link #release()} when done. The
 * mapping is released when the owner's reference (dropped by {@link #close()} or {@link #destroy()})
 * and all readers' references are gone, so a slice is never unmapped under a reader.
 */
public final class MappedFile {

    private final Path path;
    private final long fileFromOffset;
    private final int fileSize;
    private final MappedByteBuffer mapped;
    private final AtomicInteger refCount = new AtomicInteger(1);
    private volatile int writePosition;
    private volatile int flushedPosition;
    private volatile boolean closed;

    private MappedFile(Path path, long fileFromOffset, int fileSize, MappedByteBuffer mapped) {
        this.path = path;
        this.fileFromOffset = fileFromOffset;
        this.fileSize = fileSize;
        this.mapped = mapped;
    }

    /** The file name of the segment starting at {@code offset}. */
    public static String fileName(long offset) {
        return String.format("%020d", offset);
    }

    /** Parses a segment file name, or returns -1 when it is not one. */
    public static long parseFileName(String name) {
        if (name.length() != 20) {
            return -1;
        }
        for (int i = 0; i < 20; i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(name);
    }

    /** Creates (or reopens, keeping its content) the segment of {@code dir} starting at {@code fileFromOffset}. */
    public static MappedFile create(Path dir, long fileFromOffset, int fileSize) throws IOException {
        Files.createDirectories(dir);
        return map(dir.resolve(fileName(fileFromOffset)), fileFromOffset, fileSize, true);
    }

    /** Maps an existing segment; its size must be {@code fileSize}. Positions start at 0 until recovery sets them. */
    public static MappedFile open(Path file, int fileSize) throws IOException {
        long from = parseFileName(file.getFileName().toString());
        if (from < 0) {
            throw new IOException("not a segment file name: " + file);
        }
        long actual = Files.size(file);
        if (actual != fileSize) {
            throw new IOException("segment " + file + " has " + actual + " bytes, expected " + fileSize);
        }
        return map(file, from, fileSize, false);
    }

    private static MappedFile map(Path file, long from, int size, boolean create) throws IOException {
        StandardOpenOption[] options = create
                ? new StandardOpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE}
                : new StandardOpenOption[] {StandardOpenOption.READ, StandardOpenOption.WRITE};
        try (FileChannel channel = FileChannel.open(file, options)) {
            if (channel.size() < size) {
                channel.write(ByteBuffer.allocate(1), size - 1L);
            }
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            return new MappedFile(file, from, size, mapped);
        }
    }

    public Path path() {
        return path;
    }

    /** Log offset of the first byte. */
    public long fileFromOffset() {
        return fileFromOffset;
    }

    public int fileSize() {
        return fileSize;
    }

    public int writePosition() {
        return writePosition;
    }

    public int flushedPosition() {
        return flushedPosition;
    }

    public int remaining() {
        return fileSize - writePosition;
    }

    public boolean isFull() {
        return writePosition == fileSize;
    }

    /**
     * The shared mapping, for the writer's absolute puts and for readers' absolute gets. Never change
     * its position or limit. Callers other than the writer must hold a reference ({@link #retain()}).
     */
    public ByteBuffer buffer() {
        return mapped;
    }

    /** Writer thread: copies {@code length} bytes of {@code src} from {@code srcOffset} at the write position and advances it. */
    public void append(ByteBuffer src, int srcOffset, int length) {
        int pos = writePosition;
        if (length > fileSize - pos) {
            throw new IllegalStateException(length + " bytes do not fit at " + pos + " of " + path);
        }
        mapped.put(pos, src, srcOffset, length);
        writePosition = pos + length;
    }

    /** Writer thread: makes {@code position} the new write position (after writing up to it with absolute puts). */
    public void setWritePosition(int position) {
        if (position < 0 || position > fileSize) {
            throw new IllegalArgumentException("position " + position + " outside " + path);
        }
        writePosition = position;
    }

    /** Recovery: marks everything up to {@code position} as written and durable. */
    public void setPositions(int position) {
        setWritePosition(position);
        flushedPosition = position;
    }

    /**
     * Forces written bytes to disk. Flusher thread (or the writer itself).
     *
     * @return the flushed position
     */
    public int flush() {
        int target = writePosition;
        int from = flushedPosition;
        if (target > from) {
            mapped.force(from, target - from);
            flushedPosition = target;
        }
        return target;
    }

    /**
     * Forces every dirty page of the mapping, wherever it was written (files updated in place, such
     * as index files, rather than appended).
     */
    public void forceAll() {
        mapped.force();
    }

    /** A zero-copy view of {@code size} bytes at {@code position}; the caller holds a reference. */
    public ByteBuffer slice(int position, int size) {
        return mapped.slice(position, size);
    }

    /**
     * Recovery only, before readers exist: moves the write position back to {@code position} and zeroes
     * every non-zero byte after it, so that stale records beyond a torn tail can never be read back as
     * valid after later appends. Forces the zeroed range.
     */
    public void truncate(int position) {
        if (position < 0 || position > fileSize) {
            throw new IllegalArgumentException("position " + position + " outside " + path);
        }
        int lastDirty = -1;
        int i = position;
        for (; i < fileSize && (i & 7) != 0; i++) {
            if (mapped.get(i) != 0) {
                mapped.put(i, (byte) 0);
                lastDirty = i;
            }
        }
        for (; i + 8 <= fileSize; i += 8) {
            if (mapped.getLong(i) != 0) {
                mapped.putLong(i, 0L);
                lastDirty = i + 7;
            }
        }
        for (; i < fileSize; i++) {
            if (mapped.get(i) != 0) {
                mapped.put(i, (byte) 0);
                lastDirty = i;
            }
        }
        if (lastDirty >= position) {
            mapped.force(position, lastDirty + 1 - position);
        }
        writePosition = position;
        flushedPosition = Math.min(flushedPosition, position);
    }

    /** Takes a reader's reference; false when the segment is being closed or deleted. */
    public boolean retain() {
        while (true) {
            int count = refCount.get();
            if (count <= 0 || closed) {
                return false;
            }
            if (refCount.compareAndSet(count, count + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one unmaps. */
    public void release() {
        int count = refCount.decrementAndGet();
        if (count == 0) {
            Unmapper.unmap(mapped);
        } else if (count < 0) {
            throw new IllegalStateException("released more than retained: " + path);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Drops the owner's reference without deleting; the mapping goes when readers are done. Idempotent. */
    public void close() {
        if (!closed) {
            closed = true;
            release();
        }
    }

    /**
     * Unlinks the file now (its space comes back when the last reader releases) and drops the owner's
     * reference. Idempotent.
     */
    public void destroy() throws IOException {
        close();
        Files.deleteIfExists(path);
    }

    /** File modification time, used by time-based retention. */
    public long lastModifiedMillis() throws IOException {
        return Files.getLastModifiedTime(path).toMillis();
    }

    @Override
    public String toString() {
        return "MappedFile[" + path + ", write=" + writePosition + ", flushed=" + flushedPosition + "]";
    }
}
