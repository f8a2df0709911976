package io.ferrymq.broker;

import io.ferrymq.common.util.AtomicFiles;
import io.ferrymq.remoting.protocol.body.DataVersion;
import io.ferrymq.store.config.ConfigReader;
import io.ferrymq.store.config.StoreConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's settings as they are now: the config file's, plus what UPDATE_BROKER_CONFIG (25, RocketMQ's
 * {@code mqadmin updateBrokerConfig}) changed since. Only {@link #LIVE_KEYS} change while the broker runs;
 * any other key is refused unless it repeats the current value (so a whole exported config can be sent
 * back). A change is written into the config file the broker was started with ({@code -c}), its line
 * replaced in place (comments and order kept) or appended, before it takes effect, so a restart keeps it;
 * without a config file it lasts until the restart.
 *
 * <p>Threads: readers (request threads) see each value through a volatile field; updates are serialized.
 */
public final class LiveBrokerSettings {
    private static final Logger LOG = LoggerFactory.getLogger(LiveBrokerSettings.class);

    /** The keys that change while the broker runs. */
    public static final Set<String> LIVE_KEYS = Set.of("brokerPermission", "autoCreateTopicEnable",
            "autoCreateSubscriptionGroup", "longPollingEnable", "shortPollingTimeMills");

    private final Path configFile;
    private final InstantSource clock;
    /** Every key's current value as text (GET_BROKER_CONFIG); guarded by this. */
    private final Map<String, String> effective = new LinkedHashMap<>();
    private final List<Runnable> permissionListeners = new CopyOnWriteArrayList<>();
    private volatile int brokerPermission;
    private volatile boolean autoCreateTopicEnable;
    private volatile boolean autoCreateSubscriptionGroup;
    private volatile boolean longPollingEnable;
    private volatile Duration shortPollingTime;
    private volatile DataVersion version;

    /**
     * @param configFile the file the broker was started with, or null (changes are then not kept)
     */
    public LiveBrokerSettings(BrokerConfig config, StoreConfig store, Path configFile, InstantSource clock) {
        this.configFile = configFile;
        this.clock = clock;
        effective.putAll(config.asMap());
        effective.putAll(BrokerConfig.storeAsMap(store));
        brokerPermission = config.brokerPermission();
        autoCreateTopicEnable = config.autoCreateTopicEnable();
        autoCreateSubscriptionGroup = config.autoCreateSubscriptionGroup();
        longPollingEnable = config.longPollingEnable();
        shortPollingTime = config.shortPollingTime();
        version = new DataVersion(clock.millis(), 0);
    }

    public int brokerPermission() {
        return brokerPermission;
    }

    public boolean autoCreateTopicEnable() {
        return autoCreateTopicEnable;
    }

    public boolean autoCreateSubscriptionGroup() {
        return autoCreateSubscriptionGroup;
    }

    public boolean longPollingEnable() {
        return longPollingEnable;
    }

    public Duration shortPollingTime() {
        return shortPollingTime;
    }

    /** Changes with every applied update (GET_BROKER_CONFIG's version). */
    public DataVersion version() {
        return version;
    }

    /** Called after an update changed brokerPermission (the name servers must learn it). */
    public void onPermissionChange(Runnable listener) {
        permissionListeners.add(listener);
    }

    /** Every key with its current value, in the config's order. */
    public synchronized Map<String, String> effective() {
        return new LinkedHashMap<>(effective);
    }

    /**
     * Applies all of {@code changes} or none. A bad value, an unknown key, or a key that only the config file
     * and a restart can change throws IllegalArgumentException naming it; a config file that cannot be written
     * throws IOException. Returns the keys whose value changed.
     */
    public synchronized Set<String> update(Properties changes) throws IOException {
        ConfigReader r = new ConfigReader(changes);
        int perm = r.intValue("brokerPermission", brokerPermission, 0, 15);
        boolean autoTopic = r.bool("autoCreateTopicEnable", autoCreateTopicEnable);
        boolean autoGroup = r.bool("autoCreateSubscriptionGroup", autoCreateSubscriptionGroup);
        boolean longPolling = r.bool("longPollingEnable", longPollingEnable);
        Duration shortPolling = r.duration("shortPollingTimeMills", shortPollingTime, ChronoUnit.MILLIS,
                Duration.ofMillis(1));
        for (String key : r.unconsumedKeys()) {
            String now = effective.get(key);
            if (now == null) {
                throw new IllegalArgumentException("unknown broker config key: " + key);
            }
            if (!now.equals(changes.getProperty(key).trim())) {
                throw new IllegalArgumentException(key + " cannot change while the broker runs (set it in the "
                        + "config file and restart); keys that can: " + new TreeSet<>(LIVE_KEYS));
            }
        }
        Map<String, String> next = new LinkedHashMap<>();
        next.put("brokerPermission", Integer.toString(perm));
        next.put("autoCreateTopicEnable", Boolean.toString(autoTopic));
        next.put("autoCreateSubscriptionGroup", Boolean.toString(autoGroup));
        next.put("longPollingEnable", Boolean.toString(longPolling));
        next.put("shortPollingTimeMills", Long.toString(shortPolling.toMillis()));
        next.entrySet().removeIf(e -> e.getValue().equals(effective.get(e.getKey())));
        if (next.isEmpty()) {
            return Set.of();
        }
        if (configFile != null) {
            rewrite(configFile, next);
        }
        boolean permissionChanged = perm != brokerPermission;
        brokerPermission = perm;
        autoCreateTopicEnable = autoTopic;
        autoCreateSubscriptionGroup = autoGroup;
        longPollingEnable = longPolling;
        shortPollingTime = shortPolling;
        effective.putAll(next);
        DataVersion v = version;
        version = new DataVersion(clock.millis(), v.getCounter() + 1);
        LOG.info("broker config updated: {}{}", next, configFile == null ? " (no config file: until restart)"
                : " (written to " + configFile + ")");
        if (permissionChanged) {
            permissionListeners.forEach(Runnable::run);
        }
        return Set.copyOf(next.keySet());
    }

    /**
     * Replaces each key's line of a properties file ({@code key=value}, {@code key: value} or
     * {@code key value}, not commented out) or appends it; the new file is forced to disk, then swapped in
     * atomically.
     */
    static void rewrite(Path file, Map<String, String> values) throws IOException {
        List<String> lines = Files.isRegularFile(file)
                ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.ISO_8859_1)) : new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            Pattern keyLine = Pattern.compile("^\\s*" + Pattern.quote(e.getKey()) + "\\s*([=:\\s].*)?$");
            String replacement = e.getKey() + "=" + e.getValue();
            boolean found = false;
            for (int i = 0; i < lines.size(); i++) {
                if (keyLine.matcher(lines.get(i)).matches()) {
                    lines.set(i, replacement);
                    found = true;
                }
            }
            if (!found) {
                lines.add(replacement);
            }
        }
        AtomicFiles.replace(file, (String.join(System.lineSeparator(), lines) + System.lineSeparator())
                .getBytes(StandardCharsets.ISO_8859_1));
    }
}
