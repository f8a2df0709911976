package io.ferrymq.broker.topic;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.state.StateStore;
import io.ferrymq.common.PermName;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.remoting.protocol.body.DataVersion;
import io.ferrymq.remoting.protocol.body.TopicConfigSerializeWrapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's topic configs. Reads ({@link #find}) are lock-free from any thread; changes are
 * serialized, bump the {@link DataVersion}, are saved, and are announced to {@code onChange} (which
 * re-registers with the name servers).
 */
public final class TopicConfigManager {
    private static final Logger LOG = LoggerFactory.getLogger(TopicConfigManager.class);

    private final BrokerConfig config;
    private final StateStore<TopicTable> stateStore;
    private final InstantSource clock;
    private final int scheduleQueues;
    private final Map<String, TopicConfig> topics = new ConcurrentHashMap<>();
    private volatile DataVersion dataVersion = new DataVersion();
    private volatile Runnable onChange = () -> { };

    public TopicConfigManager(BrokerConfig config, StateStore<TopicTable> stateStore, InstantSource clock,
                              int delayLevels) {
        this.config = config;
        this.stateStore = stateStore;
        this.clock = clock;
        this.scheduleQueues = Math.max(1, delayLevels);
    }

    /** Loads the saved topics and adds the system topics. */
    public synchronized void load() throws IOException {
        TopicTable saved = stateStore.load();
        if (saved != null) {
            saved.getTopicConfigTable().forEach((name, tc) -> {
                if (tc != null) {
                    tc.setTopicName(name);
                    topics.put(name, tc);
                }
            });
            if (saved.getDataVersion() != null) {
                dataVersion = saved.getDataVersion();
            }
        }
        if (config.autoCreateTopicEnable()) {
            int n = config.defaultTopicQueueNums();
            putSystem(new TopicConfig(SystemTopics.AUTO_CREATE_TOPIC_KEY_TOPIC, n, n,
                    PermName.PERM_INHERIT | PermName.PERM_READ | PermName.PERM_WRITE));
        } else {
            topics.remove(SystemTopics.AUTO_CREATE_TOPIC_KEY_TOPIC);
        }
        putSystem(new TopicConfig(SystemTopics.SELF_TEST_TOPIC, 1, 1, PermName.PERM_READ_WRITE));
        putSystem(new TopicConfig(SystemTopics.OFFSET_MOVED_EVENT, 1, 1, PermName.PERM_READ_WRITE));
        putSystem(new TopicConfig(SystemTopics.SCHEDULE_TOPIC, scheduleQueues, scheduleQueues, PermName.PERM_READ_WRITE));
        putSystem(new TopicConfig(config.brokerClusterName(), 16, 16, PermName.PERM_INHERIT));
        putSystem(new TopicConfig(config.brokerName(), 1, 1, PermName.PERM_INHERIT | PermName.PERM_READ_WRITE));
        // where repliers send replies to request(): stored there, and pushed to the requester
        putSystem(new TopicConfig(SystemTopics.replyTopic(config.brokerClusterName()), 1, 1,
                PermName.PERM_INHERIT | PermName.PERM_READ_WRITE));
        bumpVersion();
        save();
    }

    private void putSystem(TopicConfig tc) {
        topics.putIfAbsent(tc.getTopicName(), tc);
    }

    /** Called after every change, on the changing thread. */
    public void setOnChange(Runnable onChange) {
        this.onChange = onChange;
    }

    public TopicConfig find(String topic) {
        return topics.get(topic);
    }

    /**
     * The config of {@code topic}, auto-creating it from {@code defaultTopic} when that one may be
     * inherited (RocketMQ's send-time auto-creation), or null.
     */
    public TopicConfig findOrCreateOnSend(String topic, String defaultTopic, int requestedQueues, int topicSysFlag) {
        TopicConfig existing = topics.get(topic);
        if (existing != null) {
            return existing;
        }
        TopicConfig template = defaultTopic == null ? null : topics.get(defaultTopic);
        if (template == null || !PermName.isInherited(template.getPerm())) {
            return null;
        }
        int queues = Math.max(1, Math.min(requestedQueues, template.getWriteQueueNums()));
        TopicConfig created = new TopicConfig(topic, queues, queues, template.getPerm() & ~PermName.PERM_INHERIT);
        created.setTopicSysFlag(topicSysFlag);
        return createIfAbsent(created);
    }

    /** {@code topic} as is, or created with {@code queues} queues and {@code perm} (retry, DLQ, half topics). */
    public TopicConfig findOrCreateSystem(String topic, int queues, int perm) {
        TopicConfig existing = topics.get(topic);
        return existing != null ? existing : createIfAbsent(new TopicConfig(topic, queues, queues, perm));
    }

    private TopicConfig createIfAbsent(TopicConfig tc) {
        TopicConfig winner;
        synchronized (this) {
            winner = topics.putIfAbsent(tc.getTopicName(), tc);
            if (winner != null) {
                return winner;
            }
            bumpVersion();
            save();
        }
        LOG.info("topic created: {}", tc);
        onChange.run();
        return tc;
    }

    /** Creates or replaces a topic (UPDATE_AND_CREATE_TOPIC). */
    public void update(TopicConfig tc) {
        synchronized (this) {
            topics.put(tc.getTopicName(), tc);
            bumpVersion();
            save();
        }
        LOG.info("topic updated: {}", tc);
        onChange.run();
    }

    /**
     * Something every topic's route depends on changed (the broker's permission): a new version, so the
     * name servers take the next registration's topic configs, and an announcement.
     */
    public void routesChanged() {
        synchronized (this) {
            bumpVersion();
            save();
        }
        onChange.run();
    }

    /** Removes a topic; true when it existed. */
    public boolean delete(String topic) {
        synchronized (this) {
            if (topics.remove(topic) == null) {
                return false;
            }
            bumpVersion();
            save();
        }
        LOG.info("topic deleted: {}", topic);
        onChange.run();
        return true;
    }

    /** A consistent copy of every topic and the version, for registration and GET_ALL_TOPIC_CONFIG. */
    public synchronized TopicConfigSerializeWrapper snapshot() {
        TopicConfigSerializeWrapper w = new TopicConfigSerializeWrapper();
        Map<String, TopicConfig> copy = new LinkedHashMap<>();
        topics.forEach((k, v) -> copy.put(k, v.copy()));
        w.setTopicConfigTable(copy);
        DataVersion v = dataVersion;
        w.setDataVersion(new DataVersion(v.getTimestamp(), v.getCounter()));
        return w;
    }

    public DataVersion dataVersion() {
        return dataVersion;
    }

    private void bumpVersion() {
        DataVersion v = dataVersion;
        dataVersion = new DataVersion(clock.millis(), v.getCounter() + 1);
    }

    private void save() {
        TopicTable table = new TopicTable();
        Map<String, TopicConfig> copy = new LinkedHashMap<>();
        topics.forEach((k, v) -> copy.put(k, v.copy()));
        table.setTopicConfigTable(copy);
        table.setDataVersion(dataVersion);
        try {
            stateStore.save(table);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save topic configs", e);
        }
    }
}
