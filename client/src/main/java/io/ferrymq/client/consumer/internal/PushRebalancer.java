package io.ferrymq.client.consumer.internal;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.consumer.Subscription;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which queues a push consumer owns: recomputed from the group's members and the topics' routes
 * (clustering) or all readable queues (broadcasting); queues gained start pulling from their committed
 * offset, queues lost are dropped with their offset committed first. Orderly consumers also lock their
 * queues at the broker and keep the locks renewed.
 *
 * <p>Thread-safety: {@link #rebalance}, {@link #renewLocks} and {@link #releaseAll} run on the
 * consumer's rebalance thread only; {@link #owned} may be read from any thread.
 */
public final class PushRebalancer {
    private static final Logger LOG = LoggerFactory.getLogger(PushRebalancer.class);
    private static final long DROP_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final PushSettings settings;
    private final ConsumerBrokerApi api;
    private final OffsetStore offsets;
    private final Map<String, Subscription> subscriptions;
    private final boolean orderly;
    private final Consumer<ProcessQueue> startPulling;
    private final QueueAllocator allocator;
    private final LongSupplier nanoClock;
    private final Map<MessageQueue, ProcessQueue> table = new ConcurrentHashMap<>();

    /** Splits the subscribed queues for one push consumer and starts or stops their pulls. */
    public PushRebalancer(PushSettings settings, ConsumerBrokerApi api, OffsetStore offsets,
                          Map<String, Subscription> subscriptions, boolean orderly, Consumer<ProcessQueue> startPulling,
                          Runnable heartbeat, LongSupplier nanoClock) {
        this.settings = settings;
        this.api = api;
        this.offsets = offsets;
        this.subscriptions = subscriptions;
        this.orderly = orderly;
        this.startPulling = startPulling;
        this.allocator = new QueueAllocator(api, settings.group(), settings.allocation(), heartbeat);
        this.nanoClock = nanoClock;
    }

    /** The queues owned now. */
    public Set<MessageQueue> owned() {
        return Set.copyOf(table.keySet());
    }

    /** The process queue of an owned queue, or null. */
    public ProcessQueue processQueue(MessageQueue queue) {
        return table.get(queue);
    }

    /** One round over every subscribed topic; false when some topic or queue must be tried again soon. */
    public boolean rebalance() {
        boolean complete = true;
        for (String topic : subscriptions.keySet()) {
            try {
                complete &= rebalance(topic);
            } catch (ClientException e) {
                LOG.debug("rebalance of {} for group {} postponed: {}", topic, settings.group(), e.getMessage());
                complete = false;
            }
        }
        return complete;
    }

    private boolean rebalance(String topic) {
        List<MessageQueue> mine = allocator.mine(topic, settings.clustering());
        return mine != null && update(topic, new HashSet<>(mine));
    }

    private boolean update(String topic, Set<MessageQueue> mine) {
        boolean complete = true;
        boolean changed = false;
        for (ProcessQueue pq : List.copyOf(table.values())) {
            if (pq.queue().topic().equals(topic) && !mine.contains(pq.queue())) {
                boolean dropped = drop(pq);
                complete &= dropped;
                changed |= dropped;
            }
        }
        List<MessageQueue> gained = new ArrayList<>();
        for (MessageQueue q : mine) {
            if (!table.containsKey(q)) {
                gained.add(q);
            }
        }
        Set<MessageQueue> locked = orderly && settings.clustering() && !gained.isEmpty() ? lock(gained)
                : Set.copyOf(gained);
        complete &= locked.size() == gained.size();
        for (MessageQueue q : gained) {
            if (locked.contains(q)) {
                boolean added = add(q);
                complete &= added;
                changed |= added;
            }
        }
        if (changed) {
            LOG.info("group {} now owns {} queue(s) of {}: {}", settings.group(), countOf(topic), topic, queueIds(topic));
        }
        return complete;
    }

    private boolean add(MessageQueue q) {
        long start;
        try {
            start = StartOffsets.resolve(api, offsets, q, settings.consumeFromWhere(), settings.consumeTimestampMillis());
        } catch (ClientException e) {
            LOG.warn("start offset of {} unknown ({}); trying again soon", q, e.getMessage());
            return false;
        }
        ProcessQueue pq = new ProcessQueue(q, start);
        if (orderly && settings.clustering()) {
            pq.locked(true, nanoClock.getAsLong());
        }
        table.put(q, pq);
        startPulling.accept(pq);
        return true;
    }

    /** Gives a queue up; false when an orderly listener is still busy with it (tried again next round). */
    private boolean drop(ProcessQueue pq) {
        boolean waitForListener = orderly;
        if (waitForListener) {
            try {
                if (!pq.consumeLock().tryLock(DROP_WAIT_NANOS, TimeUnit.NANOSECONDS)) {
                    return false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        try {
            pq.drop();
            table.remove(pq.queue());
            offsets.persist(pq.queue());
            offsets.remove(pq.queue());
            if (orderly && settings.clustering()) {
                unlock(List.of(pq.queue()));
            }
        } finally {
            if (waitForListener) {
                pq.consumeLock().unlock();
            }
        }
        return true;
    }

    private Set<MessageQueue> lock(Collection<MessageQueue> queues) {
        Set<MessageQueue> locked = new HashSet<>();
        byBroker(queues).forEach((broker, list) -> {
            try {
                locked.addAll(api.lock(api.masterOf(list.get(0)), list));
            } catch (ClientException e) {
                LOG.debug("locking {} queue(s) at {} failed: {}", list.size(), broker, e.getMessage());
            }
        });
        return locked;
    }

    private void unlock(Collection<MessageQueue> queues) {
        byBroker(queues).forEach((broker, list) -> {
            try {
                api.unlock(api.masterOf(list.get(0)), list);
            } catch (ClientException e) {
                LOG.debug("unlocking {} queue(s) at {} failed (they expire at the broker): {}", list.size(), broker,
                        e.getMessage());
            }
        });
    }

    /** Orderly clustering: re-locks every owned queue; a queue whose lock was lost stops being consumed. */
    public void renewLocks() {
        if (!orderly || !settings.clustering() || table.isEmpty()) {
            return;
        }
        Set<MessageQueue> locked = lock(table.keySet());
        long now = nanoClock.getAsLong();
        for (ProcessQueue pq : table.values()) {
            boolean held = locked.contains(pq.queue());
            if (!held) {
                LOG.warn("lock of {} not renewed; its consumption pauses until it is locked again", pq.queue());
            }
            pq.locked(held, now);
        }
    }

    /** Periodic offset commit of the owned queues. */
    public void persistOffsets() {
        offsets.persistAll(table.keySet());
    }

    /** Shutdown: commits every owned queue's offset (waiting for the broker), unlocks, forgets the queues. */
    public void releaseAll() {
        List<MessageQueue> queues = new ArrayList<>(table.keySet());
        table.values().forEach(ProcessQueue::drop);
        if (settings.clustering()) {
            queues.forEach(offsets::persist);
        } else {
            offsets.persistAll(queues);
        }
        if (orderly && settings.clustering()) {
            unlock(queues);
        }
        table.clear();
    }

    private static Map<String, List<MessageQueue>> byBroker(Collection<MessageQueue> queues) {
        Map<String, List<MessageQueue>> map = new TreeMap<>();
        queues.forEach(q -> map.computeIfAbsent(q.brokerName(), b -> new ArrayList<>()).add(q));
        return map;
    }

    private long countOf(String topic) {
        return table.keySet().stream().filter(q -> q.topic().equals(topic)).count();
    }

    private List<Integer> queueIds(String topic) {
        return table.keySet().stream().filter(q -> q.topic().equals(topic)).map(MessageQueue::queueId).sorted().toList();
    }
}
