package io.ferrymq.store.meta;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONWriter;
import io.ferrymq.common.subscription.SubscriptionGroupConfig;
import io.ferrymq.common.topic.TopicConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>Durability: every call is one {@link WriteBatch}, so it applies whole or not at all. Config
 * changes are written with {@code sync=true} (fsync of the write-ahead log before returning). Offsets
 * are written with {@code sync=false}: the WAL record reaches the OS before the call returns, so a
 * killed process loses nothing; a machine crash may lose the last offset commits (consumers re-read
 * a little, as with RocketMQ's periodic offset flush) but never leaves a half-applied batch, since
 * the WAL is replayed in point-in-time mode (recovery stops at the first torn record). {@link #close()}
 * syncs the WAL, so a clean restart keeps everything.
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

    /** One consumer-offset change for {@link #commitOffsets}. */
    public record OffsetUpdate(String group, String topic, int queueId, long offset) {
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
    private final WriteOptions fastWrite;
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
        fastWrite = new WriteOptions().setSync(false);
        List<ColumnFamilyDescriptor> families = new ArrayList<>();
        for (byte[] name : List.of(RocksDB.DEFAULT_COLUMN_FAMILY, TOPICS, GROUPS, CONSUMER_OFFSETS, DELAY_OFFSETS,
                STATE)) {
            families.add(new ColumnFamilyDescriptor(name, tableOptions));
        }
        try {
            db = RocksDB.open(options, dir.toString(), families, handles);
        } catch (RocksDBException e) {
            syncWrite.close();
            fastWrite.close();
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

    public void putTopicConfig(TopicConfig config) throws IOException {
        putTopicConfigs(List.of(config));
    }

    /** Stores all of {@code configs} atomically. */
    public void putTopicConfigs(Collection<TopicConfig> configs) throws IOException {
        try (WriteBatch batch = new WriteBatch()) {
            for (TopicConfig c : configs) {
                batch.put(topics, utf8(c.getTopicName()), JSON.toJSONBytes(c));
            }
            write(syncWrite, batch);
        } catch (RocksDBException e) {
            throw new IOException("topic config write failed", e);
        }
    }

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
        replace(topics, rows, stateName, stateValue, syncWrite, "topic configs");
    }

    public void deleteTopicConfig(String topic) throws IOException {
        delete(topics, utf8(topic));
    }

    /** The config of {@code topic}, or null. */
    public TopicConfig topicConfig(String topic) throws IOException {
        byte[] value = get(topics, utf8(topic));
        return value == null ? null : JSON.parseObject(value, TopicConfig.class);
    }

    /** Every topic config, by name. */
    public Map<String, TopicConfig> topicConfigs() {
        Map<String, TopicConfig> all = new TreeMap<>();
        scan(topics, null, (k, v) -> all.put(str(k), JSON.parseObject(v, TopicConfig.class)));
        return all;
    }

    // ------------------------------------------------------------------ subscription groups

    public void putSubscriptionGroup(SubscriptionGroupConfig config) throws IOException {
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(groups, utf8(config.getGroupName()), JSON.toJSONBytes(config));
            write(syncWrite, batch);
        } catch (RocksDBException e) {
            throw new IOException("subscription group write failed", e);
        }
    }

    /** Makes {@code configs} the whole group table, with one state entry in the same synced batch. */
    public void replaceSubscriptionGroups(Collection<SubscriptionGroupConfig> configs, String stateName,
                                          byte[] stateValue) throws IOException {
        Map<byte[], byte[]> rows = new LinkedHashMap<>();
        for (SubscriptionGroupConfig c : configs) {
            rows.put(utf8(c.getGroupName()), JSON.toJSONBytes(c));
        }
        replace(groups, rows, stateName, stateValue, syncWrite, "subscription groups");
    }

    /** Deletes the group and, in the same batch, all its consumer offsets. */
    public void deleteSubscriptionGroup(String group) throws IOException {
        try (WriteBatch batch = new WriteBatch()) {
            batch.delete(groups, utf8(group));
            String suffix = "@" + group;
            scan(consumerOffsets, null, (k, v) -> {
                String topicAtGroup = offsetTableKey(k);
                if (topicAtGroup.endsWith(suffix)) {
                    deleteQuietly(batch, consumerOffsets, k);
                }
            });
            write(syncWrite, batch);
        } catch (RocksDBException e) {
            throw new IOException("subscription group delete failed", e);
        }
    }

    /** The group's config, or null. */
    public SubscriptionGroupConfig subscriptionGroup(String group) throws IOException {
        byte[] value = get(groups, utf8(group));
        return value == null ? null : JSON.parseObject(value, SubscriptionGroupConfig.class);
    }

    public Map<String, SubscriptionGroupConfig> subscriptionGroups() {
        Map<String, SubscriptionGroupConfig> all = new TreeMap<>();
        scan(groups, null, (k, v) -> all.put(str(k), JSON.parseObject(v, SubscriptionGroupConfig.class)));
        return all;
    }

    // ------------------------------------------------------------------ consumer offsets

    public void commitOffset(String group, String topic, int queueId, long offset) throws IOException {
        commitOffsets(List.of(new OffsetUpdate(group, topic, queueId, offset)));
    }

    /** Stores every update in one atomic, non-synced batch (see the class comment). */
    public void commitOffsets(Collection<OffsetUpdate> updates) throws IOException {
        try (WriteBatch batch = new WriteBatch()) {
            for (OffsetUpdate u : updates) {
                batch.put(consumerOffsets, offsetKey(u.topic(), u.group(), u.queueId()), longBytes(u.offset()));
            }
            write(fastWrite, batch);
        } catch (RocksDBException e) {
            throw new IOException("consumer offset write failed", e);
        }
    }

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
        replace(consumerOffsets, rows, null, null, syncWrite, "consumer offsets");
    }

    /** The committed offset, or -1 when the group never committed one for the queue. */
    public long queryOffset(String group, String topic, int queueId) throws IOException {
        byte[] value = get(consumerOffsets, offsetKey(topic, group, queueId));
        return value == null ? -1 : ByteBuffer.wrap(value).getLong();
    }

    /** Offsets of {@code group} on {@code topic}, by queue id. */
    public Map<Integer, Long> queryOffsets(String group, String topic) {
        byte[] prefix = offsetPrefix(topic, group);
        Map<Integer, Long> offsets = new TreeMap<>();
        scan(consumerOffsets, prefix, (k, v) -> offsets.put(queueIdOf(k), ByteBuffer.wrap(v).getLong()));
        return offsets;
    }

    /** RocketMQ's offset table: "topic@group" → queue id → offset. */
    public Map<String, Map<Integer, Long>> offsetTable() {
        Map<String, Map<Integer, Long>> table = new TreeMap<>();
        scan(consumerOffsets, null, (k, v) -> table.computeIfAbsent(offsetTableKey(k), x -> new TreeMap<>())
                .put(queueIdOf(k), ByteBuffer.wrap(v).getLong()));
        return table;
    }

    // ------------------------------------------------------------------ delay offsets

    public void putDelayOffset(int level, long offset) throws IOException {
        putDelayOffsets(Map.of(level, offset));
    }

    /** Stores the offsets of several delay levels atomically (non-synced, like consumer offsets). */
    public void putDelayOffsets(Map<Integer, Long> offsets) throws IOException {
        try (WriteBatch batch = new WriteBatch()) {
            for (Map.Entry<Integer, Long> e : offsets.entrySet()) {
                batch.put(delayOffsets, intBytes(e.getKey()), longBytes(e.getValue()));
            }
            write(fastWrite, batch);
        } catch (RocksDBException e) {
            throw new IOException("delay offset write failed", e);
        }
    }

    /** Makes {@code offsets} the whole delay-offset table, synced (a periodic snapshot, like the offset table). */
    public void replaceDelayOffsets(Map<Integer, Long> offsets) throws IOException {
        Map<byte[], byte[]> rows = new LinkedHashMap<>();
        offsets.forEach((level, offset) -> rows.put(intBytes(level), longBytes(offset)));
        replace(delayOffsets, rows, null, null, syncWrite, "delay offsets");
    }

    /** The offset of delay {@code level}, or -1. */
    public long delayOffset(int level) throws IOException {
        byte[] value = get(delayOffsets, intBytes(level));
        return value == null ? -1 : ByteBuffer.wrap(value).getLong();
    }

    public Map<Integer, Long> delayOffsets() {
        Map<Integer, Long> all = new TreeMap<>();
        scan(delayOffsets, null, (k, v) -> all.put(ByteBuffer.wrap(k).getInt(), ByteBuffer.wrap(v).getLong()));
        return all;
    }

    // ------------------------------------------------------------------ named state

    /** Stores an owner's named bytes (e.g. a progress record as JSON); synced when {@code sync}. */
    public void putState(String name, byte[] value, boolean sync) throws IOException {
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(state, utf8(name), value);
            write(sync ? syncWrite : fastWrite, batch);
        } catch (RocksDBException e) {
            throw new IOException("state write failed: " + name, e);
        }
    }

    /** The named bytes, or null. */
    public byte[] state(String name) throws IOException {
        return get(state, utf8(name));
    }

    // ------------------------------------------------------------------ export

    /**
     * The metadata as RocketMQ's JSON files, by file name: {@code topics.json}
     * ({@code {"topicConfigTable":{name:config}}}), {@code subscriptionGroup.json}
     * ({@code {"subscriptionGroupTable":{name:config}}}), {@code consumerOffset.json}
     * ({@code {"offsetTable":{"topic@group":{"0":12}}}}) and {@code delayOffset.json}
     * ({@code {"offsetTable":{"1":5}}}).
     */
    public Map<String, String> exportJson() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("topics.json", json(Map.of("topicConfigTable", topicConfigs())));
        files.put("subscriptionGroup.json", json(Map.of("subscriptionGroupTable", subscriptionGroups())));
        Map<String, Map<String, Long>> offsets = new TreeMap<>();
        offsetTable().forEach((k, v) -> offsets.put(k, stringKeys(v)));
        files.put("consumerOffset.json", json(Map.of("offsetTable", offsets)));
        files.put("delayOffset.json", json(Map.of("offsetTable", stringKeys(delayOffsets()))));
        return files;
    }

    /** Writes {@link #exportJson()} into {@code dir}. */
    public void exportJson(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> e : exportJson().entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** JSON object keys are strings ({@code "0"}), as in RocketMQ's files. */
    private static Map<String, Long> stringKeys(Map<Integer, Long> byInt) {
        Map<String, Long> byString = new LinkedHashMap<>();
        byInt.forEach((k, v) -> byString.put(Integer.toString(k), v));
        return byString;
    }

    private static String json(Object value) {
        return JSON.toJSONString(value, JSONWriter.Feature.PrettyFormat, JSONWriter.Feature.WriteMapNullValue);
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
        fastWrite.close();
        tableOptions.close();
        options.close();
    }

    private void write(WriteOptions writeOptions, WriteBatch batch) throws RocksDBException {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            db.write(writeOptions, batch);
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
                         WriteOptions writeOptions, String what) throws IOException {
        Set<ByteBuffer> keep = new HashSet<>();
        rows.keySet().forEach(k -> keep.add(ByteBuffer.wrap(k)));
        try (WriteBatch batch = new WriteBatch()) {
            scan(cf, null, (k, v) -> {
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
            write(writeOptions, batch);
        } catch (RocksDBException e) {
            throw new IOException(what + " write failed", e);
        }
    }

    private void delete(ColumnFamilyHandle cf, byte[] key) throws IOException {
        try (WriteBatch batch = new WriteBatch()) {
            batch.delete(cf, key);
            write(syncWrite, batch);
        } catch (RocksDBException e) {
            throw new IOException("metadata delete failed", e);
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

    private void scan(ColumnFamilyHandle cf, byte[] prefix, EntryVisitor visitor) {
        lifecycle.readLock().lock();
        try {
            checkOpen();
            scanOpen(cf, prefix, visitor);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    private void scanOpen(ColumnFamilyHandle cf, byte[] prefix, EntryVisitor visitor) {
        try (RocksIterator it = db.newIterator(cf)) {
            if (prefix == null) {
                it.seekToFirst();
            } else {
                it.seek(prefix);
            }
            for (; it.isValid(); it.next()) {
                byte[] key = it.key();
                if (prefix != null && !startsWith(key, prefix)) {
                    break;
                }
                visitor.visit(key, it.value());
            }
        }
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] offsetPrefix(String topic, String group) {
        byte[] name = utf8(topic + "@" + group);
        byte[] prefix = Arrays.copyOf(name, name.length + 1);
        prefix[name.length] = KEY_SEPARATOR;
        return prefix;
    }

    private static byte[] offsetKey(String topic, String group, int queueId) {
        byte[] prefix = offsetPrefix(topic, group);
        return ByteBuffer.allocate(prefix.length + 4).put(prefix).putInt(queueId).array();
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
