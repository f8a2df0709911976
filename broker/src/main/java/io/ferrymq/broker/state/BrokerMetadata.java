package io.ferrymq.broker.state;

import com.alibaba.fastjson2.JSON;
import io.ferrymq.broker.offset.OffsetTable;
import io.ferrymq.broker.schedule.DelayOffsetTable;
import io.ferrymq.broker.timer.TimerProgress;
import io.ferrymq.broker.topic.TopicTable;
import io.ferrymq.common.subscription.SubscriptionGroupConfig;
import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.remoting.protocol.admin.SubscriptionGroupWrapper;
import io.ferrymq.remoting.protocol.body.DataVersion;
import io.ferrymq.store.meta.MetadataStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's metadata (topic configs, subscription groups, consumer offsets, delay and timer
 * progress) in the store's RocksDB {@link MetadataStore}, one {@link StateStore} per table. A save is
 * one atomic batch replacing the table, synced to disk before it returns (as the JSON files were).
 *
 * <p>RocketMQ's JSON files found in {@code <storePathRootDir>/config} at start ({@code topics.json},
 * {@code subscriptionGroup.json}, {@code consumerOffset.json}, {@code delayOffset.json},
 * {@code timerProgress.json}) are imported once and renamed to {@code <name>.imported}: a store written
 * by an older FerryMQ, or the config files of an Apache RocketMQ broker copied there, carry over.
 *
 * <p>Lifecycle: {@link #open()} on the start-up thread that loads metadata (beside the commit log's
 * recovery), {@link #close()} last at shutdown; the table stores may be created before open.
 */
public final class BrokerMetadata implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerMetadata.class);
    private static final String TOPICS_VERSION = "topics.dataVersion";
    private static final String GROUPS_VERSION = "subscriptionGroups.dataVersion";
    private static final String TIMER_PROGRESS = "timerProgress";

    private final Path dir;
    private final Path legacyConfigDir;
    private volatile MetadataStore store;

    /**
     * @param dir             the RocksDB directory
     * @param legacyConfigDir where RocketMQ-shaped JSON files are looked for at open
     */
    public BrokerMetadata(Path dir, Path legacyConfigDir) {
        this.dir = dir;
        this.legacyConfigDir = legacyConfigDir;
    }

    /** Opens the database (replaying its WAL after a crash) and imports any legacy JSON files. */
    public synchronized void open() throws IOException {
        if (store != null) {
            return;
        }
        store = MetadataStore.open(dir);
        importLegacy("topics.json", TopicTable.class, topics());
        importLegacy("subscriptionGroup.json", SubscriptionGroupWrapper.class, subscriptionGroups());
        importLegacy("consumerOffset.json", OffsetTable.class, consumerOffsets());
        importLegacy("delayOffset.json", DelayOffsetTable.class, delayOffsets());
        importLegacy("timerProgress.json", TimerProgress.class, timerProgress());
    }

    private <T> void importLegacy(String fileName, Class<T> type, StateStore<T> table) throws IOException {
        Path file = legacyConfigDir.resolve(fileName);
        if (!Files.isRegularFile(file)) {
            return;
        }
        T legacy = new JsonFileStateStore<>(file, type).load();
        if (legacy != null) {
            table.save(legacy);
        }
        Path done = file.resolveSibling(fileName + ".imported");
        Files.move(file, done, StandardCopyOption.REPLACE_EXISTING);
        LOG.info("imported {} into the metadata store at {}; the file is now {}", file, dir, done.getFileName());
    }

    /** The open database; the table stores call this on every load and save. */
    private MetadataStore db() {
        MetadataStore s = store;
        if (s == null) {
            throw new IllegalStateException("the metadata store at " + dir + " is not open");
        }
        return s;
    }

    /** The open database, for admin export; null before {@link #open()}. */
    public MetadataStore storeOrNull() {
        return store;
    }

    @Override
    public synchronized void close() {
        MetadataStore s = store;
        if (s != null) {
            s.close();
        }
    }

    public StateStore<TopicTable> topics() {
        return new StateStore<>() {
            @Override
            public TopicTable load() throws IOException {
                Map<String, TopicConfig> saved = db().topicConfigs();
                byte[] version = db().state(TOPICS_VERSION);
                if (saved.isEmpty() && version == null) {
                    return null;
                }
                TopicTable table = new TopicTable();
                table.setTopicConfigTable(new LinkedHashMap<>(saved));
                if (version != null) {
                    table.setDataVersion(JSON.parseObject(version, DataVersion.class));
                }
                return table;
            }

            @Override
            public void save(TopicTable snapshot) throws IOException {
                List<TopicConfig> configs = new ArrayList<>();
                snapshot.getTopicConfigTable().forEach((name, config) -> {
                    if (config != null) {
                        config.setTopicName(name);
                        configs.add(config);
                    }
                });
                db().replaceTopicConfigs(configs, TOPICS_VERSION, JSON.toJSONBytes(snapshot.getDataVersion()));
            }
        };
    }

    public StateStore<SubscriptionGroupWrapper> subscriptionGroups() {
        return new StateStore<>() {
            @Override
            public SubscriptionGroupWrapper load() throws IOException {
                Map<String, SubscriptionGroupConfig> saved = db().subscriptionGroups();
                byte[] version = db().state(GROUPS_VERSION);
                if (saved.isEmpty() && version == null) {
                    return null;
                }
                SubscriptionGroupWrapper wrapper = new SubscriptionGroupWrapper();
                wrapper.setSubscriptionGroupTable(new TreeMap<>(saved));
                if (version != null) {
                    wrapper.setDataVersion(JSON.parseObject(version, DataVersion.class));
                }
                return wrapper;
            }

            @Override
            public void save(SubscriptionGroupWrapper snapshot) throws IOException {
                List<SubscriptionGroupConfig> configs = new ArrayList<>();
                snapshot.getSubscriptionGroupTable().forEach((name, config) -> {
                    if (config != null) {
                        config.setGroupName(name);
                        configs.add(config);
                    }
                });
                db().replaceSubscriptionGroups(configs, GROUPS_VERSION,
                        JSON.toJSONBytes(snapshot.getDataVersion()));
            }
        };
    }

    public StateStore<OffsetTable> consumerOffsets() {
        return new StateStore<>() {
            @Override
            public OffsetTable load() {
                Map<String, Map<Integer, Long>> saved = db().offsetTable();
                if (saved.isEmpty()) {
                    return null;
                }
                OffsetTable table = new OffsetTable();
                Map<String, Map<Integer, Long>> copy = new HashMap<>();
                saved.forEach((k, v) -> copy.put(k, new HashMap<>(v)));
                table.setOffsetTable(copy);
                return table;
            }

            @Override
            public void save(OffsetTable snapshot) throws IOException {
                db().replaceOffsetTable(snapshot.getOffsetTable());
            }
        };
    }

    public StateStore<DelayOffsetTable> delayOffsets() {
        return new StateStore<>() {
            @Override
            public DelayOffsetTable load() {
                Map<Integer, Long> saved = db().delayOffsets();
                if (saved.isEmpty()) {
                    return null;
                }
                DelayOffsetTable table = new DelayOffsetTable();
                table.setOffsetTable(new HashMap<>(saved));
                return table;
            }

            @Override
            public void save(DelayOffsetTable snapshot) throws IOException {
                db().replaceDelayOffsets(snapshot.getOffsetTable());
            }
        };
    }

    public StateStore<TimerProgress> timerProgress() {
        return new StateStore<>() {
            @Override
            public TimerProgress load() throws IOException {
                byte[] saved = db().state(TIMER_PROGRESS);
                return saved == null ? null : JSON.parseObject(saved, TimerProgress.class);
            }

            @Override
            public void save(TimerProgress snapshot) throws IOException {
                db().putState(TIMER_PROGRESS, JSON.toJSONBytes(snapshot));
            }
        };
    }
}
