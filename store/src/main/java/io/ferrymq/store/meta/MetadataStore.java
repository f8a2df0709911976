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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
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
 * </pre>
 *
 * <p>Durability: every call is one {@link WriteBatch}, so it applies whole or not at all. Config
 * changes are written with {@code sync=true} (fsync of the write-ahead log before returning). Offsets
 * are written with {@code sync=false}: the WAL record reaches the OS before the call returns, so a
 * killed process loses nothing; a machine crash may lose the last offset commits (consumers re-read
 * a little, as with RocketMQ's periodic offset flush) but never leaves a half-applied batch, since
 * the WAL is replayed in point-in-time mode (recovery stops at the first torn record). {@link #close()}
 * syncs the WAL, so a clean restart keeps everything.
 *
 * <p>Threads: every method may be called from any thread (RocksDB serializes writers).
 */
public final class MetadataStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataStore.class);
    private static final byte[] TOPICS = "topics".getBytes(StandardCharsets.UTF_8);
    private static final byte[] GROUPS = "groups".getBytes(StandardCharsets.UTF_8);
    private static final byte[] CONSUMER_OFFSETS = "consumer_offsets".getBytes(StandardCharsets.UTF_8);
    private static final byte[] DELAY_OFFSETS = "delay_offsets".getBytes(StandardCharsets.UTF_8);
    private static final byte KEY_SEPARATOR = 0;

    static {
        RocksDB.loadLibrary();
    }

    /** One consumer-offset change for {@link #commitOffsets}. */
    public record OffsetUpdate(String group, String topic, int queueId, long offset) {
    }

    private final DBOptions options;
    private final WriteOptions syncWrite;
    private final WriteOptions fastWrite;
    private final List<ColumnFamilyHandle> handles = new ArrayList<>();
    private final RocksDB db;
    private final ColumnFamilyHandle topics;
    private final ColumnFamilyHandle groups;
    private final ColumnFamilyHandle consumerOffsets;
    private final ColumnFamilyHandle delayOffsets;
    private volatile boolean closed;

    private MetadataStore(Path dir) throws IOException {
        Files.createDirectories(dir);
        options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery);
        syncWrite = new WriteOptions().setSync(true);
        fastWrite = new WriteOptions().setSync(false);
        List<ColumnFamilyDescriptor> families = List.of(
                new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY),
                new ColumnFamilyDescriptor(TOPICS), new ColumnFamilyDescriptor(GROUPS),
                new ColumnFamilyDescriptor(CONSUMER_OFFSETS), new ColumnFamilyDescriptor(DELAY_OFFSETS));
        try {
            db = RocksDB.open(options, dir.toString(), families, handles);
        } catch (RocksDBException e) {
            syncWrite.close();
            fastWrite.close();
            options.close();
            throw new IOException("cannot open metadata store " + dir, e);
        }
        topics = handles.get(1);
        groups = handles.get(2);
        consumerOffsets = handles.get(3);
        delayOffsets = handles.get(4);
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
        options.close();
    }

    private void write(WriteOptions writeOptions, WriteBatch batch) throws RocksDBException {
        checkOpen();
        db.write(writeOptions, batch);
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
        checkOpen();
        try {
            return db.get(cf, key);
        } catch (RocksDBException e) {
            throw new IOException("metadata read failed", e);
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
        checkOpen();
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
