package io.ferrymq.store.index;

import io.ferrymq.store.file.MappedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.LongPredicate;

/**
 * One file of the message index: a hash table of {@code slotCount} slots whose chains link
 * fixed-size entries appended in commit-log order. Named {@code index/<20-digit commit-log offset of
 * the first indexed record>}.
 *
 * <pre>
 * header (64 bytes, big-endian)
 *  0   4  magic 0x46494458 ("FIDX")
 *  4   4  version (1)
 *  8   4  slot count
 * 12   4  max entries
 * 16   4  entry count (entries 1..count are written)
 * 20   4  reserved
 * 24   8  store timestamp of the first entry (ms, 0 = none)
 * 32   8  store timestamp of the last entry
 * 40   8  commit-log offset of the first indexed record
 * 48   8  commit-log end of the last indexed record (records below it are indexed)
 * 56   8  reserved
 * slots (at 64): slotCount x 4 bytes: number (1-based) of the newest entry of the slot's chain, 0 = empty
 * entries (at 64 + 4 x slotCount): maxEntries x 24 bytes, entry n at (n - 1) x 24:
 *  0   4  key hash (FNV-1a of "topic#key" in UTF-8)
 *  4   4  number of the previous entry of the same slot (0 = end of chain)
 *  8   8  commit-log offset of the record
 * 16   8  store timestamp of the record (ms; never 0 for a written entry)
 * </pre>
 *
 * <p>Write order for one entry: the entry, then its slot, then the header count (and the volatile
 * {@link #count}), so a reader that reads the count first only follows complete entries. Crash
 * policy: the file is forced before each store checkpoint; after a restart,
 * {@link #keepBelow(long)} compacts the entries of records the checkpoint vouches for and rebuilds
 * the chains, dropping entries that point past it and any lost (all-zero) entry of a power failure.
 * Hash collisions are expected: callers verify the record.
 *
 * <p>Threads: one writer (dispatch); readers on any thread while holding a {@link #retain()} reference.
 */
final class IndexFile {

    static final int MAGIC = 0x46494458;
    static final int VERSION = 1;
    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = MAGIC_OFFSET + 4;
    static final int SLOT_COUNT_OFFSET = VERSION_OFFSET + 4;
    static final int MAX_ENTRIES_OFFSET = SLOT_COUNT_OFFSET + 4;
    static final int ENTRY_COUNT_OFFSET = MAX_ENTRIES_OFFSET + 4;
    static final int BEGIN_TIMESTAMP_OFFSET = ENTRY_COUNT_OFFSET + 8;
    static final int END_TIMESTAMP_OFFSET = BEGIN_TIMESTAMP_OFFSET + 8;
    static final int BEGIN_PHYSICAL_OFFSET = END_TIMESTAMP_OFFSET + 8;
    static final int END_PHYSICAL_OFFSET = BEGIN_PHYSICAL_OFFSET + 8;
    static final int HEADER_SIZE = 64;
    static final int SLOT_SIZE = 4;
    static final int ENTRY_HASH = 0;
    static final int ENTRY_PREV = ENTRY_HASH + 4;
    static final int ENTRY_PHYSICAL = ENTRY_PREV + 4;
    static final int ENTRY_TIMESTAMP = ENTRY_PHYSICAL + 8;
    static final int ENTRY_SIZE = ENTRY_TIMESTAMP + 8;

    private final MappedFile file;
    private final ByteBuffer buf;
    private final int slotCount;
    private final int maxEntries;
    private final int entriesAt;
    private volatile int count;
    private volatile long beginTimestamp;
    private volatile long endTimestamp;
    private volatile long endPhysicalOffset;

    private IndexFile(MappedFile file, int slotCount, int maxEntries) {
        this.file = file;
        this.buf = file.buffer();
        this.slotCount = slotCount;
        this.maxEntries = maxEntries;
        this.entriesAt = HEADER_SIZE + slotCount * SLOT_SIZE;
        this.count = buf.getInt(ENTRY_COUNT_OFFSET);
        this.beginTimestamp = buf.getLong(BEGIN_TIMESTAMP_OFFSET);
        this.endTimestamp = buf.getLong(END_TIMESTAMP_OFFSET);
        this.endPhysicalOffset = buf.getLong(END_PHYSICAL_OFFSET);
    }

    static long fileSize(int slotCount, int maxEntries) {
        return HEADER_SIZE + (long) slotCount * SLOT_SIZE + (long) maxEntries * ENTRY_SIZE;
    }

    /** A new, empty file for records from {@code beginPhysicalOffset}. */
    static IndexFile create(Path dir, long beginPhysicalOffset, int slotCount, int maxEntries) throws IOException {
        MappedFile mf = MappedFile.create(dir, beginPhysicalOffset, (int) fileSize(slotCount, maxEntries));
        ByteBuffer b = mf.buffer();
        b.putInt(MAGIC_OFFSET, MAGIC);
        b.putInt(VERSION_OFFSET, VERSION);
        b.putInt(SLOT_COUNT_OFFSET, slotCount);
        b.putInt(MAX_ENTRIES_OFFSET, maxEntries);
        b.putLong(BEGIN_PHYSICAL_OFFSET, beginPhysicalOffset);
        b.putLong(END_PHYSICAL_OFFSET, beginPhysicalOffset);
        return new IndexFile(mf, slotCount, maxEntries);
    }

    /** Maps an existing file, taking its geometry from its header. */
    static IndexFile open(Path path) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
        try (var ch = java.nio.channels.FileChannel.open(path)) {
            while (header.hasRemaining() && ch.read(header) >= 0) {
                // read the whole header
            }
        }
        if (header.getInt(MAGIC_OFFSET) != MAGIC || header.getInt(VERSION_OFFSET) != VERSION) {
            throw new IOException("not an index file: " + path);
        }
        int slots = header.getInt(SLOT_COUNT_OFFSET);
        int max = header.getInt(MAX_ENTRIES_OFFSET);
        long size = fileSize(slots, max);
        if (slots <= 0 || max <= 0 || size > Integer.MAX_VALUE) {
            throw new IOException("bad index geometry in " + path);
        }
        return new IndexFile(MappedFile.open(path, (int) size), slots, max);
    }

    /** FNV-1a over {@code topic}, '#', {@code key} bytes of {@code src} (absolute positions). */
    static int hash(ByteBuffer topicSrc, int topicAt, int topicLen, ByteBuffer keySrc, int keyAt, int keyLen) {
        int h = 0x811C9DC5;
        for (int i = 0; i < topicLen; i++) {
            h = (h ^ (topicSrc.get(topicAt + i) & 0xFF)) * 0x01000193;
        }
        h = (h ^ '#') * 0x01000193;
        for (int i = 0; i < keyLen; i++) {
            h = (h ^ (keySrc.get(keyAt + i) & 0xFF)) * 0x01000193;
        }
        return h;
    }

    boolean isFull() {
        return count >= maxEntries;
    }

    int count() {
        return count;
    }

    long beginPhysicalOffset() {
        return file.fileFromOffset();
    }

    long endPhysicalOffset() {
        return endPhysicalOffset;
    }

    long beginTimestamp() {
        return beginTimestamp;
    }

    long endTimestamp() {
        return endTimestamp;
    }

    Path path() {
        return file.path();
    }

    /** Writer: adds an entry (the file must not be full). */
    void add(int keyHash, long physicalOffset, long storeTimestamp) {
        int n = count + 1;
        int slotAt = HEADER_SIZE + Math.floorMod(keyHash, slotCount) * SLOT_SIZE;
        int at = entriesAt + (n - 1) * ENTRY_SIZE;
        buf.putInt(at + ENTRY_HASH, keyHash);
        buf.putInt(at + ENTRY_PREV, buf.getInt(slotAt));
        buf.putLong(at + ENTRY_PHYSICAL, physicalOffset);
        buf.putLong(at + ENTRY_TIMESTAMP, storeTimestamp);
        buf.putInt(slotAt, n);
        if (n == 1) {
            buf.putLong(BEGIN_TIMESTAMP_OFFSET, storeTimestamp);
            beginTimestamp = storeTimestamp;
        }
        buf.putLong(END_TIMESTAMP_OFFSET, storeTimestamp);
        endTimestamp = storeTimestamp;
        buf.putInt(ENTRY_COUNT_OFFSET, n);
        count = n;
    }

    /** Writer: records that every record below {@code end} has been indexed. */
    void setEndPhysicalOffset(long end) {
        buf.putLong(END_PHYSICAL_OFFSET, end);
        endPhysicalOffset = end;
    }

    /**
     * Walks the chain of {@code keyHash}, newest first, offering the commit-log offset of each entry
     * whose hash matches and whose store timestamp is in {@code [begin, end]} until {@code sink}
     * returns false.
     *
     * @return false when the sink asked to stop
     */
    boolean query(int keyHash, long begin, long end, LongPredicate sink) {
        int limit = count;
        int slotAt = HEADER_SIZE + Math.floorMod(keyHash, slotCount) * SLOT_SIZE;
        int n = buf.getInt(slotAt);
        int steps = 0;
        while (n > 0 && steps++ < maxEntries) {
            if (n > limit) {
                return true;
            }
            int at = entriesAt + (n - 1) * ENTRY_SIZE;
            long ts = buf.getLong(at + ENTRY_TIMESTAMP);
            if (buf.getInt(at + ENTRY_HASH) == keyHash && ts >= begin && ts <= end
                    && !sink.test(buf.getLong(at + ENTRY_PHYSICAL))) {
                return false;
            }
            int prev = buf.getInt(at + ENTRY_PREV);
            n = prev < n ? prev : 0;
        }
        return true;
    }

    /**
     * Recovery, before dispatch starts: keeps only entries of records below {@code physicalEnd} (and
     * drops all-zero ones), compacts them in order and rebuilds every chain.
     *
     * @return entries dropped
     */
    int keepBelow(long physicalEnd) {
        int old = count;
        for (int s = 0; s < slotCount; s++) {
            buf.putInt(HEADER_SIZE + s * SLOT_SIZE, 0);
        }
        int kept = 0;
        long first = 0;
        long last = 0;
        for (int n = 1; n <= old; n++) {
            int at = entriesAt + (n - 1) * ENTRY_SIZE;
            int hash = buf.getInt(at + ENTRY_HASH);
            long physical = buf.getLong(at + ENTRY_PHYSICAL);
            long ts = buf.getLong(at + ENTRY_TIMESTAMP);
            if (ts == 0 || physical >= physicalEnd || physical < beginPhysicalOffset()) {
                continue;
            }
            kept++;
            int to = entriesAt + (kept - 1) * ENTRY_SIZE;
            int slotAt = HEADER_SIZE + Math.floorMod(hash, slotCount) * SLOT_SIZE;
            buf.putInt(to + ENTRY_HASH, hash);
            buf.putInt(to + ENTRY_PREV, buf.getInt(slotAt));
            buf.putLong(to + ENTRY_PHYSICAL, physical);
            buf.putLong(to + ENTRY_TIMESTAMP, ts);
            buf.putInt(slotAt, kept);
            first = kept == 1 ? ts : first;
            last = ts;
        }
        for (int n = kept + 1; n <= old; n++) {
            int at = entriesAt + (n - 1) * ENTRY_SIZE;
            buf.putLong(at + ENTRY_HASH, 0L);
            buf.putLong(at + ENTRY_PHYSICAL, 0L);
            buf.putLong(at + ENTRY_TIMESTAMP, 0L);
        }
        buf.putLong(BEGIN_TIMESTAMP_OFFSET, first);
        buf.putLong(END_TIMESTAMP_OFFSET, last);
        buf.putInt(ENTRY_COUNT_OFFSET, kept);
        beginTimestamp = first;
        endTimestamp = last;
        count = kept;
        setEndPhysicalOffset(Math.min(endPhysicalOffset, physicalEnd));
        file.forceAll();
        return old - kept;
    }

    void force() {
        file.forceAll();
    }

    boolean retain() {
        return file.retain();
    }

    void release() {
        file.release();
    }

    void close() {
        file.close();
    }

    void destroy() throws IOException {
        file.destroy();
    }
}
