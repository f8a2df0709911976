package io.ferrymq.client.admin;

import io.ferrymq.client.MessageQueue;
import java.util.Map;
import java.util.TreeMap;

/** A consumer group's progress on every queue of a topic (GET_CONSUME_STATS), merged over brokers. */
public record ConsumeStats(Map<MessageQueue, QueueProgress> offsets, double consumeTps) {
    /** Keeps an immutable copy of {@code offsets}, sorted by queue. */
    public ConsumeStats {
        offsets = java.util.Collections.unmodifiableMap(new TreeMap<>(offsets));
    }

    /** Messages written but not yet consumed, over all queues. */
    public long totalLag() {
        return offsets.values().stream().mapToLong(QueueProgress::lag).sum();
    }
}
