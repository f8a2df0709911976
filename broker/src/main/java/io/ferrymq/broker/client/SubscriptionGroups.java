package io.ferrymq.broker.client;

import io.ferrymq.broker.state.StateStore;
import io.ferrymq.common.subscription.SubscriptionGroupConfig;
import io.ferrymq.remoting.protocol.admin.SubscriptionGroupWrapper;
import io.ferrymq.remoting.protocol.body.DataVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumer-group settings the broker applies (consume permission, broadcast permission, retry queues,
 * retry limit), saved in RocketMQ's {@code subscriptionGroup.json} shape. Groups are created with
 * the defaults on first use while {@code autoCreate} says so (RocketMQ's autoCreateSubscriptionGroup) and
 * by admins (UPDATE_AND_CREATE_SUBSCRIPTIONGROUP). Reads ({@link #findOrCreate}, {@link #find}) are
 * lock-free from any request thread; changes are serialized, bump the {@link DataVersion} and are saved
 * before they return.
 */
public final class SubscriptionGroups {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionGroups.class);

    /** An immutable snapshot of one group's config, read on the send, pull and heartbeat paths. */
    public static final class Settings {
        private final SubscriptionGroupConfig config;

        private Settings(SubscriptionGroupConfig config) {
            this.config = copy(config);
        }

        public static Settings defaults(String group) {
            return new Settings(new SubscriptionGroupConfig(group));
        }

        public String groupName() {
            return config.getGroupName();
        }

        public int retryQueueNums() {
            return config.getRetryQueueNums();
        }

        public int retryMaxTimes() {
            return config.getRetryMaxTimes();
        }

        /** False: the group may not pull (admins stop a group this way). */
        public boolean consumeEnable() {
            return config.isConsumeEnable();
        }

        /** False: the group may not consume in BROADCASTING mode. */
        public boolean consumeBroadcastEnable() {
            return config.isConsumeBroadcastEnable();
        }

        /** A mutable copy of the whole config. */
        public SubscriptionGroupConfig toConfig() {
            return copy(config);
        }
    }

    private final BooleanSupplier autoCreate;
    private final StateStore<SubscriptionGroupWrapper> stateStore;
    private final InstantSource clock;
    private final Map<String, Settings> groups = new ConcurrentHashMap<>();
    private volatile DataVersion dataVersion = new DataVersion();

    public SubscriptionGroups(BooleanSupplier autoCreate, StateStore<SubscriptionGroupWrapper> stateStore,
                              InstantSource clock) {
        this.autoCreate = autoCreate;
        this.stateStore = stateStore;
        this.clock = clock;
    }

    /** Loads the saved groups (nothing when none were saved). */
    public synchronized void load() throws IOException {
        SubscriptionGroupWrapper saved = stateStore.load();
        if (saved == null) {
            return;
        }
        if (saved.getSubscriptionGroupTable() != null) {
            saved.getSubscriptionGroupTable().forEach((name, config) -> {
                if (config != null) {
                    config.setGroupName(name);
                    groups.put(name, new Settings(config));
                }
            });
        }
        if (saved.getDataVersion() != null) {
            dataVersion = saved.getDataVersion();
        }
    }

    /** The group's settings, creating (and saving) the defaults when allowed; null for an unknown group otherwise. */
    public Settings findOrCreate(String group) {
        Settings s = groups.get(group);
        if (s != null || !autoCreate.getAsBoolean()) {
            return s;
        }
        synchronized (this) {
            s = groups.get(group);
            if (s == null) {
                s = Settings.defaults(group);
                groups.put(group, s);
                changed();
                LOG.info("subscription group created with defaults: {}", group);
            }
            return s;
        }
    }

    public Settings find(String group) {
        return groups.get(group);
    }

    /** Creates or replaces a group's config (UPDATE_AND_CREATE_SUBSCRIPTIONGROUP). */
    public synchronized void update(SubscriptionGroupConfig config) {
        groups.put(config.getGroupName(), new Settings(config));
        changed();
        LOG.info("subscription group updated: {}", config);
    }

    /** Removes a group's config; true when it existed. */
    public synchronized boolean delete(String group) {
        if (groups.remove(group) == null) {
            return false;
        }
        changed();
        LOG.info("subscription group deleted: {}", group);
        return true;
    }

    /** A consistent copy of every group and the version (GET_ALL_SUBSCRIPTIONGROUP_CONFIG). */
    public synchronized SubscriptionGroupWrapper snapshot() {
        SubscriptionGroupWrapper w = new SubscriptionGroupWrapper();
        Map<String, SubscriptionGroupConfig> table = new TreeMap<>();
        groups.forEach((name, s) -> table.put(name, s.toConfig()));
        w.setSubscriptionGroupTable(table);
        DataVersion v = dataVersion;
        w.setDataVersion(new DataVersion(v.getTimestamp(), v.getCounter()));
        return w;
    }

    public DataVersion dataVersion() {
        return dataVersion;
    }

    /** Called with the lock held. */
    private void changed() {
        DataVersion v = dataVersion;
        dataVersion = new DataVersion(clock.millis(), v.getCounter() + 1);
        try {
            stateStore.save(snapshot());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save subscription groups", e);
        }
    }

    static SubscriptionGroupConfig copy(SubscriptionGroupConfig c) {
        SubscriptionGroupConfig r = new SubscriptionGroupConfig(c.getGroupName());
        r.setConsumeEnable(c.isConsumeEnable());
        r.setConsumeFromMinEnable(c.isConsumeFromMinEnable());
        r.setConsumeBroadcastEnable(c.isConsumeBroadcastEnable());
        r.setRetryQueueNums(c.getRetryQueueNums());
        r.setRetryMaxTimes(c.getRetryMaxTimes());
        r.setBrokerId(c.getBrokerId());
        r.setWhichBrokerWhenConsumeSlowly(c.getWhichBrokerWhenConsumeSlowly());
        r.setNotifyConsumerIdsChangedEnable(c.isNotifyConsumerIdsChangedEnable());
        return r;
    }
}
