package io.ferrymq.broker.client;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Consumer groups and their live members. Membership changes are reported to {@code onGroupChanged}
 * (which notifies the group's consumers so they rebalance at once).
 */
public final class ConsumerRegistry {
    private final Map<String, ConsumerGroup> groups = new ConcurrentHashMap<>();
    private final Consumer<ConsumerGroup> onGroupChanged;

    public ConsumerRegistry(Consumer<ConsumerGroup> onGroupChanged) {
        this.onGroupChanged = onGroupChanged;
    }

    public void heartbeat(ClientChannel member, HeartbeatData.ConsumerData data, long nowMillis) {
        boolean[] changed = new boolean[1];
        // atomic per group name, so a member never lands in a group object that was just dropped as empty
        ConsumerGroup group = groups.compute(data.getGroupName(), (name, existing) -> {
            ConsumerGroup g = existing != null ? existing : new ConsumerGroup(name);
            changed[0] = g.heartbeat(member, data, nowMillis);
            return g;
        });
        if (changed[0]) {
            onGroupChanged.accept(group);
        }
    }

    public void unregister(String groupName, Channel channel) {
        ConsumerGroup group = groups.get(groupName);
        if (group != null && group.remove(channel)) {
            removeIfEmpty(group);
            onGroupChanged.accept(group);
        }
    }

    /** Forgets {@code channel} in every group (connection closed). */
    public void channelClosed(Channel channel) {
        for (ConsumerGroup group : groups.values()) {
            if (group.remove(channel)) {
                removeIfEmpty(group);
                onGroupChanged.accept(group);
            }
        }
    }

    /** Forgets members silent for longer than {@code expiryMillis}; returns their channels. */
    public List<Channel> expire(long nowMillis, long expiryMillis) {
        List<Channel> closed = new ArrayList<>();
        for (ConsumerGroup group : groups.values()) {
            List<ClientChannel> gone = group.expire(nowMillis, expiryMillis);
            if (!gone.isEmpty()) {
                gone.forEach(c -> closed.add(c.channel()));
                removeIfEmpty(group);
                onGroupChanged.accept(group);
            }
        }
        return closed;
    }

    private void removeIfEmpty(ConsumerGroup group) {
        groups.computeIfPresent(group.name(), (name, g) -> g == group && g.isEmpty() ? null : g);
    }

    public ConsumerGroup find(String groupName) {
        return groups.get(groupName);
    }

    public Collection<ConsumerGroup> all() {
        return groups.values();
    }
}
