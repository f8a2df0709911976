package io.ferrymq.store.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fixed-size segment of a log, memory-mapped as a whole (direct memory: nothing of it lives on the
 * heap). The mapping is made when first needed and, for a segment that is no longer written, can be
 * dropped again while nobody reads it ({@link #unmapIfIdle}): its pages stay in the OS page cache but
 * leave the broker's resident memory, so the broker's footprint follows what is being read and written,
 * not the size of the log. A later reader maps it again. The file is named by the 20-digit, zero-padded log offset of its first byte, so
 * {@code 00000000000033554432} is the second 32 MiB commit-log segment.
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
 * and all readers' references are gone, or by {@link #unmapIfIdle} while only the owner's reference
 * exists, so a slice is never unmapped under a reader.
 */
public final class MappedFile {

    private final Path path;
    private final long fileFromOffset;
    private final int fileSize;
    /** {@link #refCount} while {@link #unmapIfIdle} drops the mapping: retain and release wait. */
    private static final int UNMAPPING = Integer.MIN_VALUE;

    private volatile MappedByteBuffer mapped;
    private final AtomicInteger refCount = new AtomicInteger(1);
    private volatile long lastUsedNanos = System.nanoTime();
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
            return new MappedFile(file, from, size, channel.map(FileChannel.MapMode.READ_WRITE, 0, size));
        }
    }

    /** Maps the file again after {@link #unmapIfIdle}; the caller holds a reference. */
    private synchronized MappedByteBuffer remap() {
        MappedByteBuffer m = mapped;
        if (m != null) {
            return m;
        }
        if (refCount.get() <= 0) {
            throw new IllegalStateException("segment released: " + path);
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            m = channel.map(FileChannel.MapMode.READ_WRITE, 0, fileSize);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map " + path + " again", e);
        }
        mapped = m;
        return m;
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
        return mapping();
    }

    private MappedByteBuffer mapping() {
        MappedByteBuffer m = mapped;
        return m != null ? m : remap();
    }

    /** Writer thread: copies {@code length} bytes of {@code src} from {@code srcOffset} at the write position and advances it. */
    public void append(ByteBuffer src, int srcOffset, int length) {
        int pos = writePosition;
        if (length > fileSize - pos) {
            throw new IllegalStateException(length + " bytes do not fit at " + pos + " of " + path);
        }
        mapping().put(pos, src, srcOffset, length);
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
            mapping().force(from, target - from);
            flushedPosition = target;
        }
        return target;
    }

    /**
     * Forces every dirty page of the mapping, wherever it was written (files updated in place, such
     * as index files, rather than appended).
     */
    public void forceAll() {
        mapping().force();
    }

    /** A zero-copy view of {@code size} bytes at {@code position}; the caller holds a reference. */
    public ByteBuffer slice(int position, int size) {
        return mapping().slice(position, size);
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
        MappedByteBuffer mapped = mapping();
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

    /**
     * Takes a reader's reference and maps the segment when it is not mapped; false when the segment is
     * being closed or deleted.
     *
     * @throws UncheckedIOException when the file cannot be mapped again (the reference is not taken)
     */
    public boolean retain() {
        while (true) {
            int count = refCount.get();
            if (count == UNMAPPING) {
                Thread.onSpinWait();
                continue;
            }
            if (count <= 0 || closed) {
                return false;
            }
            if (refCount.compareAndSet(count, count + 1)) {
                break;
            }
        }
        lastUsedNanos = System.nanoTime();
        if (mapped == null) {
            try {
                remap();
            } catch (RuntimeException e) {
                release();
                throw e;
            }
        }
        return true;
    }

    /** Drops a reference; the last one unmaps. */
    public void release() {
        while (true) {
            int count = refCount.get();
            if (count == UNMAPPING) {
                Thread.onSpinWait();
                continue;
            }
            if (count <= 0) {
                throw new IllegalStateException("released more than retained: " + path);
            }
            if (refCount.compareAndSet(count, count - 1)) {
                if (count == 1) {
                    dropMapping();
                }
                return;
            }
        }
    }

    private synchronized void dropMapping() {
        MappedByteBuffer m = mapped;
        mapped = null;
        if (m != null) {
            Unmapper.unmap(m);
        }
    }

    /**
     * Drops the mapping when only the owner holds the segment and nobody has taken a reference for
     * {@code idleNanos}. Only for a segment that is no longer written and whose every byte is flushed:
     * the caller (the log's owner) guarantees that, and that the owner itself does not use
     * {@link #buffer()} concurrently. Readers that come later map it again in {@link #retain()}.
     *
     * @return true when a mapping was dropped
     */
    public boolean unmapIfIdle(long idleNanos) {
        if (closed || mapped == null || System.nanoTime() - lastUsedNanos < idleNanos) {
            return false;
        }
        if (!refCount.compareAndSet(1, UNMAPPING)) {
            return false;
        }
        try {
            dropMapping();
        } finally {
            refCount.set(1);
        }
        return true;
    }

    /** When a reader last took a reference ({@link System#nanoTime()}). */
    public long lastUsedNanos() {
        return lastUsedNanos;
    }

    /** True while the file is mapped into memory. */
    public boolean isMapped() {
        return mapped != null;
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
