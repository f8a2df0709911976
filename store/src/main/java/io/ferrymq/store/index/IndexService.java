package io.ferrymq.store.index;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.store.dispatch.RecordDispatcher;
import io.ferrymq.store.file.MappedFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message index: each space-separated {@code KEYS} entry and the {@code UNIQ_KEY} of a record
 * map to its commit-log offset, under the key {@code "topic#key"} as RocketMQ stores it. Rollback
 * records are not indexed. Entries live in {@link IndexFile}s under {@code <root>/index}; a new file
 * starts when the last one is full.
 *
 * <p>Threads: {@link #dispatch} (the second dispatcher of {@link io.ferrymq.store.dispatch.ReputService}),
 * {@link #deleteBelow} and {@link #recover} run on the dispatch thread (or before it starts);
 * {@link #flush} on the checkpoint thread; {@link #query} on any thread. Records already indexed
 * before a restart (below the recovered end) are skipped when offered again, so re-dispatch adds no
 * duplicates.
 */
public final class IndexService implements RecordDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(IndexService.class);
    private static final byte[] KEYS = MessageConst.KEYS.getBytes(StandardCharsets.UTF_8);
    private static final byte[] UNIQ_KEY = MessageConst.UNIQ_KEY.getBytes(StandardCharsets.UTF_8);

    private final Path dir;
    private final int slotCount;
    private final int maxEntries;
    private final CopyOnWriteArrayList<IndexFile> files = new CopyOnWriteArrayList<>();
    private long indexedEnd;

    /**
     * @param slotCount  hash slots per file (maxHashSlotNum)
     * @param maxEntries entries per file (maxIndexNum)
     */
    public IndexService(Path dir, int slotCount, int maxEntries) {
        if (IndexFile.fileSize(slotCount, maxEntries) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("index file of " + slotCount + " slots and " + maxEntries
                    + " entries exceeds 2 GiB");
        }
        this.dir = dir;
        this.slotCount = slotCount;
        this.maxEntries = maxEntries;
    }

    /** Maps the index files found on disk (unreadable ones are deleted: they will be rebuilt). */
    public void load() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                if (MappedFile.parseFileName(p.getFileName().toString()) >= 0) {
                    paths.add(p);
                }
            }
        }
        paths.sort(null);
        for (Path p : paths) {
            try {
                files.add(IndexFile.open(p));
            } catch (IOException e) {
                LOG.warn("index file {} unreadable ({}); deleting it", p, e.getMessage());
                Files.deleteIfExists(p);
            }
        }
    }

    /** True when no index file exists (a store that never indexed, or an index deleted by hand). */
    public boolean isEmpty() {
        return files.isEmpty();
    }

    /**
     * Before dispatch starts: keeps only entries of records below {@code dispatchFrom} (what the
     * checkpoint vouches for), deleting files that start at or after it and compacting the one that
     * spans it; dispatch from {@code dispatchFrom} then indexes the rest.
     */
    public void recover(long dispatchFrom) throws IOException {
        while (!files.isEmpty()) {
            IndexFile last = files.get(files.size() - 1);
            if (last.beginPhysicalOffset() >= dispatchFrom) {
                files.remove(last);
                last.destroy();
                continue;
            }
            if (last.endPhysicalOffset() > dispatchFrom) {
                int dropped = last.keepBelow(dispatchFrom);
                LOG.info("index {}: dropped {} entries past the checkpoint {}", last.path(), dropped, dispatchFrom);
            }
            break;
        }
        indexedEnd = files.isEmpty() ? 0 : files.get(files.size() - 1).endPhysicalOffset();
    }

    /** Commit-log end below which every record is indexed. Dispatch thread. */
    public long indexedEnd() {
        return indexedEnd;
    }

    @Override
    public void dispatch(ByteBuffer buf, int pos, long physicalOffset, int size) throws IOException {
        if (physicalOffset < indexedEnd) {
            return;
        }
        if (files.isEmpty()) {
            files.add(IndexFile.create(dir, physicalOffset, slotCount, maxEntries));
        }
        int tranType = MessageRecord.sysFlag(buf, pos) & MessageSysFlag.TRANSACTION_MASK;
        if (tranType != MessageSysFlag.TRANSACTION_ROLLBACK_TYPE) {
            long storeTimestamp = MessageRecord.storeTimestamp(buf, pos);
            int topicAt = MessageRecord.topicPosition(buf, pos);
            int topicLen = MessageRecord.topicLength(buf, pos);
            int propsLenAt = MessageRecord.propertiesLengthPosition(buf, pos);
            int propsLen = buf.getShort(propsLenAt);
            int propsAt = propsLenAt + 2;
            long uniq = MessageProperties.find(buf, propsAt, propsLen, UNIQ_KEY);
            if (uniq != MessageProperties.NOT_FOUND && MessageProperties.rangeLength(uniq) > 0) {
                add(IndexFile.hash(buf, topicAt, topicLen, buf, MessageProperties.rangeOffset(uniq),
                        MessageProperties.rangeLength(uniq)), physicalOffset, storeTimestamp);
            }
            long keys = MessageProperties.find(buf, propsAt, propsLen, KEYS);
            if (keys != MessageProperties.NOT_FOUND) {
                int at = MessageProperties.rangeOffset(keys);
                int end = at + MessageProperties.rangeLength(keys);
                int start = at;
                for (int i = at; i <= end; i++) {
                    if (i == end || buf.get(i) == ' ') {
                        if (i > start) {
                            add(IndexFile.hash(buf, topicAt, topicLen, buf, start, i - start), physicalOffset,
                                    storeTimestamp);
                        }
                        start = i + 1;
                    }
                }
            }
        }
        indexedEnd = physicalOffset + size;
        files.get(files.size() - 1).setEndPhysicalOffset(indexedEnd);
    }

    private void add(int hash, long physicalOffset, long storeTimestamp) throws IOException {
        IndexFile last = files.isEmpty() ? null : files.get(files.size() - 1);
        if (last == null || last.isFull()) {
            if (last != null) {
                last.force();
            }
            last = IndexFile.create(dir, physicalOffset, slotCount, maxEntries);
            files.add(last);
            LOG.info("new index file {}", last.path());
        }
        last.add(hash, physicalOffset, storeTimestamp);
    }

    /**
     * Commit-log offsets of records of {@code topic} stored in {@code [begin, end]} (ms) whose key or
     * unique key hashes like {@code key}, newest first, offered to {@code sink} until it returns
     * false. Hash collisions and stale entries are possible: the sink must check the record.
     */
    public void query(String topic, String key, long begin, long end, LongPredicate sink) {
        ByteBuffer t = ByteBuffer.wrap(topic.getBytes(StandardCharsets.UTF_8));
        ByteBuffer k = ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8));
        int hash = IndexFile.hash(t, 0, t.limit(), k, 0, k.limit());
        IndexFile[] snapshot = files.toArray(new IndexFile[0]);
        for (int i = snapshot.length - 1; i >= 0; i--) {
            IndexFile f = snapshot[i];
            if (f.count() == 0 || f.endTimestamp() < begin || f.beginTimestamp() > end || !f.retain()) {
                continue;
            }
            try {
                if (!f.query(hash, begin, end, sink)) {
                    return;
                }
            } finally {
                f.release();
            }
        }
    }

    /** Store timestamp of the newest entry (0 = none). */
    public long lastTimestamp() {
        IndexFile last = last();
        return last == null ? 0 : last.endTimestamp();
    }

    /** The file being written, or null; safe against concurrent retention on any thread. */
    private IndexFile last() {
        IndexFile[] snapshot = files.toArray(new IndexFile[0]);
        return snapshot.length == 0 ? null : snapshot[snapshot.length - 1];
    }

    /** Checkpoint thread: forces the file being written. */
    public void flush() {
        IndexFile last = last();
        if (last != null) {
            last.force();
        }
    }

    /**
     * Dispatch thread, after retention: deletes files (never the last) whose records all lie below
     * the commit log's new minimum offset.
     *
     * @return files deleted
     */
    public int deleteBelow(long commitLogMinOffset) throws IOException {
        int deleted = 0;
        while (files.size() > 1 && files.get(0).endPhysicalOffset() <= commitLogMinOffset) {
            IndexFile f = files.remove(0);
            f.destroy();
            deleted++;
            LOG.info("deleted index file {}", f.path());
        }
        return deleted;
    }

    public int fileCount() {
        return files.size();
    }

    public void close() {
        for (IndexFile f : files) {
            f.close();
        }
        files.clear();
    }
}
