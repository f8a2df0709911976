package io.ferrymq.broker.lock;

import io.ferrymq.remoting.protocol.admin.MessageQueueKey;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Queue locks of orderly consumers: per (group, queue) one client id holds the lock until it unlocks or
 * stops renewing it for {@code maxLiveMillis}. Request threads call in; one monitor guards the table
 * (lock requests are rare: every 20 s per consumer).
 */
public final class QueueLockManager {
    private final InstantSource clock;
    private final long maxLiveMillis;
    private final Map<String, Map<MessageQueueKey, Holder>> groups = new HashMap<>();

    private record Holder(String clientId, long lastUpdateMillis) {
    }

    public QueueLockManager(InstantSource clock, long maxLiveMillis) {
        this.clock = clock;
        this.maxLiveMillis = maxLiveMillis;
    }

    /** Locks what is free, expired or already held by {@code clientId}; returns the queues now held by it. */
    public synchronized Set<MessageQueueKey> tryLock(String group, Set<MessageQueueKey> queues, String clientId) {
        long now = clock.millis();
        Map<MessageQueueKey, Holder> table = groups.computeIfAbsent(group, g -> new HashMap<>());
        Set<MessageQueueKey> locked = new LinkedHashSet<>();
        for (MessageQueueKey q : queues) {
            Holder h = table.get(q);
            if (h == null || h.clientId().equals(clientId) || now - h.lastUpdateMillis() > maxLiveMillis) {
                table.put(q, new Holder(clientId, now));
                locked.add(q);
            }
        }
        return locked;
    }

    public synchronized void unlock(String group, Set<MessageQueueKey> queues, String clientId) {
        Map<MessageQueueKey, Holder> table = groups.get(group);
        if (table == null) {
            return;
        }
        for (MessageQueueKey q : queues) {
            Holder h = table.get(q);
            if (h != null && h.clientId().equals(clientId)) {
                table.remove(q);
            }
        }
    }
}
