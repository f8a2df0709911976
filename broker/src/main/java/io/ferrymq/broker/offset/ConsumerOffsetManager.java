package io.ferrymq.broker.offset;

import io.ferrymq.broker.state.StateStore;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Committed consumer offsets ("next offset to consume") per group, topic and queue. Updated from any
 * request thread; {@link #persist()} (periodically and at shutdown) saves them when something changed.
 */
public final class ConsumerOffsetManager {
    private static final String SEPARATOR = "@";

    private final StateStore<OffsetTable> stateStore;
    private final Map<String, ConcurrentHashMap<Integer, Long>> offsets = new ConcurrentHashMap<>();
    private final AtomicBoolean dirty = new AtomicBoolean();

    public ConsumerOffsetManager(StateStore<OffsetTable> stateStore) {
        this.stateStore = stateStore;
    }

    public void load() throws IOException {
        OffsetTable saved = stateStore.load();
        if (saved != null && saved.getOffsetTable() != null) {
            saved.getOffsetTable().forEach((key, queues) -> {
                if (queues != null) {
                    offsets.put(key, new ConcurrentHashMap<>(queues));
                }
            });
        }
    }

    public void commit(String group, String topic, int queueId, long offset) {
        Long old = offsets.computeIfAbsent(topic + SEPARATOR + group, k -> new ConcurrentHashMap<>())
                .put(queueId, offset);
        if (old == null || old != offset) {
            dirty.set(true);
        }
    }

    /** The committed offset, or -1 when none. */
    public long query(String group, String topic, int queueId) {
        Map<Integer, Long> queues = offsets.get(topic + SEPARATOR + group);
        if (queues == null) {
            return -1;
        }
        Long v = queues.get(queueId);
        return v == null ? -1 : v;
    }

    /** Offsets of one group on one topic (queue id to offset), a copy. */
    public Map<Integer, Long> queryAll(String group, String topic) {
        Map<Integer, Long> queues = offsets.get(topic + SEPARATOR + group);
        return queues == null ? Map.of() : new HashMap<>(queues);
    }

    /** Topics on which {@code group} committed offsets. */
    public Set<String> topicsOf(String group) {
        Set<String> topics = new TreeSet<>();
        String suffix = SEPARATOR + group;
        for (String key : offsets.keySet()) {
            if (key.endsWith(suffix)) {
                topics.add(key.substring(0, key.length() - suffix.length()));
            }
        }
        return topics;
    }

    /** Groups that committed offsets on {@code topic}. */
    public Set<String> groupsOf(String topic) {
        Set<String> groups = new TreeSet<>();
        String prefix = topic + SEPARATOR;
        for (String key : offsets.keySet()) {
            if (key.startsWith(prefix)) {
                groups.add(key.substring(prefix.length()));
            }
        }
        return groups;
    }

    /** Forgets every offset of {@code group}; true when it had any. */
    public boolean removeGroup(String group) {
        boolean removed = false;
        for (String topic : topicsOf(group)) {
            removed |= offsets.remove(topic + SEPARATOR + group) != null;
        }
        if (removed) {
            dirty.set(true);
        }
        return removed;
    }

    /** Every offset, RocketMQ's {@code "topic@group" -> queueId -> offset}, a copy. */
    public Map<String, Map<Integer, Long>> table() {
        Map<String, Map<Integer, Long>> copy = new TreeMap<>();
        offsets.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
        return copy;
    }

    /** Saves the offsets if they changed since the last save. */
    public void persist() throws IOException {
        if (!dirty.getAndSet(false)) {
            return;
        }
        OffsetTable table = new OffsetTable();
        Map<String, Map<Integer, Long>> copy = new HashMap<>();
        offsets.forEach((k, v) -> copy.put(k, new HashMap<>(v)));
        table.setOffsetTable(copy);
        try {
            stateStore.save(table);
        } catch (IOException e) {
            dirty.set(true);
            throw e;
        }
    }
}
