package io.ferrymq.broker.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Consumer-group settings the broker applies (retry queues, retry limit). Groups are created on first
 * use when {@code autoCreate} is on (RocketMQ's autoCreateSubscriptionGroup).
 */
public final class SubscriptionGroups {
    /** RocketMQ's SubscriptionGroupConfig defaults that matter here. */
    public record Settings(String groupName, int retryQueueNums, int retryMaxTimes, boolean consumeEnable) {
        public static Settings defaults(String group) {
            return new Settings(group, 1, 16, true);
        }
    }

    private final boolean autoCreate;
    private final Map<String, Settings> groups = new ConcurrentHashMap<>();

    public SubscriptionGroups(boolean autoCreate) {
        this.autoCreate = autoCreate;
    }

    /** The group's settings, creating them when allowed; null for an unknown group otherwise. */
    public Settings findOrCreate(String group) {
        Settings s = groups.get(group);
        if (s != null || !autoCreate) {
            return s;
        }
        return groups.computeIfAbsent(group, Settings::defaults);
    }

    public void put(Settings settings) {
        groups.put(settings.groupName(), settings);
    }

    public Settings find(String group) {
        return groups.get(group);
    }
}
