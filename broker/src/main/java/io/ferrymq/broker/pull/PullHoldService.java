package io.ferrymq.broker.pull;

import io.ferrymq.store.dispatch.ArrivalListener;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Long polling: pulls that found nothing are parked per queue and re-run (through {@code rerun}, which
 * must hand them to the pull executor) as soon as dispatch reports a matching message at or after
 * their offset ({@link #arrived}, called on the dispatch thread: a map lookup when nobody waits), or
 * when their deadline passes (checked every {@code checkIntervalMillis} on its own thread).
 */
public final class PullHoldService implements ArrivalListener {
    private final Map<String, Map<Integer, Queue<HeldPull>>> held = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;
    private final long checkIntervalMillis;
    private volatile Consumer<HeldPull> rerun = p -> { };
    private final ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("PullHoldTimeout", true));

    public PullHoldService(LongSupplier nanoClock, long checkIntervalMillis) {
        this.nanoClock = nanoClock;
        this.checkIntervalMillis = checkIntervalMillis;
    }

    /** Where due pulls go; set before {@link #start()}. */
    public void setRerun(Consumer<HeldPull> rerun) {
        this.rerun = rerun;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::expire, checkIntervalMillis, checkIntervalMillis, TimeUnit.MILLISECONDS);
    }

    /** Parks {@code pull}; the caller re-checks the queue afterwards to close the race with an arrival. */
    void hold(HeldPull pull) {
        held.computeIfAbsent(pull.topic(), t -> new ConcurrentHashMap<>())
                .computeIfAbsent(pull.queueId(), q -> new ConcurrentLinkedQueue<>())
                .add(pull);
    }

    /** Re-runs {@code pull} now if it is still parked (used after the post-hold re-check). */
    void wakeIfHeld(HeldPull pull) {
        Map<Integer, Queue<HeldPull>> queues = held.get(pull.topic());
        Queue<HeldPull> q = queues == null ? null : queues.get(pull.queueId());
        if (q != null && q.remove(pull)) {
            rerun.accept(pull);
        }
    }

    @Override
    public void arrived(String topic, int queueId, long queueOffset, long tagsCode) {
        Map<Integer, Queue<HeldPull>> queues = held.get(topic);
        if (queues == null) {
            return;
        }
        Queue<HeldPull> q = queues.get(queueId);
        if (q == null || q.isEmpty()) {
            return;
        }
        for (Iterator<HeldPull> it = q.iterator(); it.hasNext(); ) {
            HeldPull p = it.next();
            if (queueOffset >= p.offset() && p.filter().matches(tagsCode) && q.remove(p)) {
                rerun.accept(p);
            }
        }
    }

    private void expire() {
        long now = nanoClock.getAsLong();
        List<HeldPull> due = new ArrayList<>();
        for (Map<Integer, Queue<HeldPull>> queues : held.values()) {
            for (Queue<HeldPull> q : queues.values()) {
                for (HeldPull p : q) {
                    if (now - p.deadlineNanos() >= 0 || !p.ctx().channel().isActive()) {
                        if (q.remove(p)) {
                            due.add(p);
                        }
                    }
                }
            }
        }
        for (HeldPull p : due) {
            if (p.ctx().channel().isActive()) {
                rerun.accept(p);
            }
        }
    }

    /** Number of parked pulls (for tests and stats). */
    public int heldCount() {
        int n = 0;
        for (Map<Integer, Queue<HeldPull>> queues : held.values()) {
            for (Queue<HeldPull> q : queues.values()) {
                n += q.size();
            }
        }
        return n;
    }

    /** Stops the timer and answers every parked pull now. */
    public void shutdown() {
        timer.shutdownNow();
        List<HeldPull> all = new ArrayList<>();
        held.values().forEach(queues -> queues.values().forEach(q -> {
            HeldPull p;
            while ((p = q.poll()) != null) {
                all.add(p);
            }
        }));
        all.forEach(rerun);
    }
}
