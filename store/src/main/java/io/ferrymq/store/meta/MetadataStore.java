package io.ferrymq.store.meta;

import com.alibaba.fastjson2.JSON;
import io.ferrymq.common.subscription.SubscriptionGroupConfig;
import io.ferrymq.common.topic.TopicConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's metadata in one RocksDB: topic configs, subscription groups, consumer offsets and
 * delay-level offsets, one column family each.
 *
 * <pre>
 * column family      key                                              value
 * topics             topic name, UTF-8                                TopicConfig as JSON (RocketMQ bean names)
 * groups             group name, UTF-8                                SubscriptionGroupConfig as JSON
 * consumer_offsets   "topic@group" UTF-8, 0x00, queue id (int32 BE)   offset (int64 BE)
 * delay_offsets      delay level (int32 BE)                           offset (int64 BE)
 * state              a name, UTF-8 (e.g. "topics.dataVersion")          the owner's bytes (JSON)
 * </pre>
 *
 * <p>The {@code replace...} methods write a whole table in one batch: entries missing from the new
 * table are deleted, so a snapshot-saving owner gets the same all-or-nothing replacement a rename of a
 * JSON file gives, with RocksDB's write-ahead log instead of a rewrite of the file.
 *
 * <p>Durability: every write is one {@link WriteBatch}, so it applies whole or not at all, and is synced
 * (fsync of the write-ahead log before returning): the owners save snapshots every few seconds at most,
 * so the fsync costs little. The WAL is replayed in point-in-time mode (recovery stops at the first torn
 * record).
 *
 * <p>Threads: every method may be called from any thread (RocksDB serializes writers). Calls and
 * {@link #close()} exclude each other, so a late call after close fails with an exception instead of
 * touching a freed native handle.
 */
public final class MetadataStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataStore.class);
    private static final byte[] TOPICS = "topics".getBytes(StandardCharsets.UTF_8);
    private static final byte[] GROUPS = "groups".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONSUMER_OFFSETS = "consumer_offsets".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DELAY_OFFSETS = "delay_offsets".getBytes(StandardCharsets.UTF_8);
    private static final byte[] STATE = "state".getBytes(StandardCharsets.UTF_8);
    private static final byte KEY_SEPARATOR = 0;

    static {
        RocksDB.loadLibrary();
    }

    /**
     * Metadata is small: a 4 MiB memtable per table (RocksDB's default is 64 MiB) keeps the broker's
     * resident memory down, and the WAL bound makes RocksDB flush a rarely written table's memtable so
     * old WAL files can go.
     */
    private static final long WRITE_BUFFER_BYTES = 4L << 20;
    private static final long MAX_TOTAL_WAL_BYTES = 64L << 20;

    private final DBOptions options;
    private final ColumnFamilyOptions tableOptions;
    private final WriteOptions syncWrite;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final RocksDB db;
    private final ColumnFamilyHandle topics;
    private final ColumnFamilyHandle groups;
    private final ColumnFamilyHandle consumerOffsets;
    private final ColumnFamilyHandle delayOffsets;
    private final ColumnFamilyHandle state;
    /** Read side: every call; write side: close. */
    private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    private MetadataStore(Path dir) throws IOException {
        Files.createDirectories(dir);
        options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
                .setMaxBackgroundJobs(1).setKeepLogFileNum(3).setMaxTotalWalSize(MAX_TOTAL_WAL_BYTES);
        tableOptions = new ColumnFamilyOptions().setWriteBufferSize(WRITE_BUFFER_BYTES);
        syncWrite = new WriteOptions().setSync(true);
        List<ColumnFamilyDescriptor> families = new ArrayList<>();
        for (byte[] name : List.of(RocksDB.DEFAULT_COLUMN_FAMILY, TOPICS, GROUPS, CONSUMER_OFFSETS, DELAY_OFFSETS,
                STATE)) {
            families.add(new ColumnFamilyDescriptor(name, tableOptions));
        }
        try {
            db = RocksDB.open(options, dir.toString(), families, handles);
        } catch (RocksDBException e) {
            syncWrite.close();
            tableOptions.close();
            options.close();
            throw new IOException("cannot open metadata store " + dir, e);
        }
        topics = handles.get(1);
        groups = handles.get(2);
        consumerOffsets = handles.get(3);
        delayOffsets = handles.get(4);
        state = handles.get(5);
        LOG.info("metadata store opened at {}", dir);
    }

    /** Opens (creating when missing, replaying the WAL after a crash) the store in {@code dir}. */
    public static MetadataStore open(Path dir) throws IOException {
        return new MetadataStore(dir);
    }

    // ------------------------------------------------------------------ topics

    /**
     * Makes {@code configs} the whole topic table, with {@code stateName} → {@code stateValue} (e.g. the
     * table's data version) in the same synced batch.
     */
    public void replaceTopicConfigs(Collection<TopicConfig> configs, String stateName, byte[] stateValue)
            throws IOException {
        Map<byte[], byte[]> rows = new LinkedHashMap<>();
        for (TopicConfig c : configs) {
            rows.put(utf8(c.getTopicName()), JSON.toJSONBytes(c));
        }
        replace(topics, rows, stateName, stateValue, "topic configs");
    }

    /** Every topic config, by name. */
    public Map<String, TopicConfig> topicConfigs() {
        Map<String, TopicConfig> all = new TreeMap<>();
        scan(topics, (k, v) -> all.put(str(k), JSON.parseObject(v, TopicConfig.class)));
        return all;
    }

    // ------------------------------------------------------------------ subscription groups

    /** Makes {@code configs} the whole group table, with one state entry in the same synced batch. */
    public void replaceSubscriptionGroups(Collection<SubscriptionGroupConfig> configs, String stateName,
                                          byte[] stateValue) throws IOException {
        Map<byte[], byte[]> rows = new LinkedHashMap<>();
        for (SubscriptionGroupConfig c : configs) {
            rows.put(utf8(c.getGroupName()), JSON.toJSONBytes(c));
        }
        replace(groups, rows, stateName, stateValue, "subscription groups");
    }

    public Map<String, SubscriptionGroupConfig> subscriptionGroups() {
        Map<String, SubscriptionGroupConfig> all = new TreeMap<>();
        scan(groups, (k, v) -> all.put(str(k), JSON.parseObject(v, SubscriptionGroupConfig.class)));
        return all;
    }

    // ------------------------------------------------------------------ consumer offsets

    /**
     * Makes {@code table} (RocketMQ's {@code "topic@group" → queue id → offset}) the whole offset table,
     * in one synced batch: owners save such snapshots every few seconds, so the fsync costs little. A key
     * without {@code @} is an error.
     */
    public void replaceOffsetTable(Map<String, Map<Integer, Long>> table) throws IOException {
        Map<byte[], byte[]> rows = new LinkedHashMap<>();
        table.forEach((topicAtGroup, queues) -> {
            int at = topicAtGroup.indexOf('@');
            if (at <= 0 || at == topicAtGroup.length() - 1) {
                throw new IllegalArgumentException("offset table key is not topic@group: " + topicAtGroup);
            }
            String topic = topicAtGroup.substring(0, at);
            String group = topicAtGroup.substring(at + 1);
            queues.forEach((queueId, offset) -> rows.put(offsetKey(topic, group, queueId), longBytes(offset)));
        });
        replace(consumerOffsets, rows, null, null, "consumer offsets");
    }

    /** RocketMQ's offset table: "topic@group" → queue id → offset. */
    public Map<String, Map<Integer, Long>> offsetTable() {
        Map<String, Map<Integer, Long>> table = new TreeMap<>();
        scan(consumerOffsets, (k, v) -> table.computeIfAbsent(offsetTableKey(k), x -> new TreeMap<>())
                .put(queueIdOf(k), ByteBuffer.wrap(v).getLong()));
        return table;
    }

    // ------------------------------------------------------------------ delay offsets

    /** Makes {@code offsets} the whole delay-offset table, synced (a periodic snapshot, like the offset table). */
    public void replaceDelayOffsets(Map<Integer, Long> offsets) throws IOException {
        Map<byte[], byte[]> rows = new LinkedHashMap<>();
        offsets.forEach((level, offset) -> rows.put(intBytes(level), longBytes(offset)));
        replace(delayOffsets, rows, null, null, "delay offsets");
    }

    public Map<Integer, Long> delayOffsets() {
        Map<Integer, Long> all = new TreeMap<>();
        scan(delayOffsets, (k, v) -> all.put(ByteBuffer.wrap(k).getInt(), ByteBuffer.wrap(v).getLong()));
        return all;
    }

    // ------------------------------------------------------------------ named state

    /** Stores an owner's named bytes (e.g. a progress record as JSON), synced. */
    public void putState(String name, byte[] value) throws IOException {
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(state, utf8(name), value);
            write(batch);
        } catch (RocksDBException e) {
            throw new IOException("state write failed: " + name, e);
        }
    }

    /** The named bytes, or null. */
    public byte[] state(String name) throws IOException {
        return get(state, utf8(name));
    }

    // ------------------------------------------------------------------ plumbing

    /** Syncs the WAL and closes the database. Idempotent. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            closeLocked();
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    private void closeLocked() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            LOG.error("metadata WAL sync on close failed", e);
        }
        for (ColumnFamilyHandle h : handles) {
            h.close();
        }
        try {
            db.closeE();
        } catch (RocksDBException e) {
            LOG.error("metadata store close failed", e);
        }
        syncWrite.close();
        tableOptions.close();
        options.close();
    }

    private void write(WriteBatch batch) throws RocksDBException {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            db.write(syncWrite, batch);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /**
     * One batch: deletes the rows of {@code cf} whose keys are not in {@code rows}, puts {@code rows}, and
     * the optional state entry. Each table has one owner that saves its snapshots one at a time, so no
     * other writer of the table comes between reading the old keys and writing the batch.
     */
    private void replace(ColumnFamilyHandle cf, Map<byte[], byte[]> rows, String stateName, byte[] stateValue,
                         String what) throws IOException {
        Set<ByteBuffer> keep = new HashSet<>();
        rows.keySet().forEach(k -> keep.add(ByteBuffer.wrap(k)));
        try (WriteBatch batch = new WriteBatch()) {
            scan(cf, (k, v) -> {
                if (!keep.contains(ByteBuffer.wrap(k))) {
                    deleteQuietly(batch, cf, k);
                }
            });
            for (Map.Entry<byte[], byte[]> row : rows.entrySet()) {
                batch.put(cf, row.getKey(), row.getValue());
            }
            if (stateName != null) {
                batch.put(state, utf8(stateName), stateValue);
            }
            write(batch);
        } catch (RocksDBException e) {
            throw new IOException(what + " write failed", e);
        }
    }

    private static void deleteQuietly(WriteBatch batch, ColumnFamilyHandle cf, byte[] key) {
        try {
            batch.delete(cf, key);
        } catch (RocksDBException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] get(ColumnFamilyHandle cf, byte[] key) throws IOException {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            return db.get(cf, key);
        } catch (RocksDBException e) {
            throw new IOException("metadata read failed", e);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("metadata store is closed");
        }
    }

    private interface EntryVisitor {
        void visit(byte[] key, byte[] value);
    }

    private void scan(ColumnFamilyHandle cf, EntryVisitor visitor) {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            try (RocksIterator it = db.newIterator(cf)) {
                for (it.seekToFirst(); it.isValid(); it.next()) {
                    visitor.visit(it.key(), it.value());
                }
            }
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private static byte[] offsetKey(String topic, String group, int queueId) {
        byte[] name = utf8(topic + "@" + group);
        return ByteBuffer.allocate(name.length + 1 + 4).put(name).put(KEY_SEPARATOR).putInt(queueId).array();
    }

    private static String offsetTableKey(byte[] key) {
        return new String(key, 0, key.length - 5, StandardCharsets.UTF_8);
    }

    private static int queueIdOf(byte[] key) {
        return ByteBuffer.wrap(key, key.length - 4, 4).getInt();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] longBytes(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static byte[] intBytes(int v) {
        return ByteBuffer.allocate(4).putInt(v).array();
    }
}
