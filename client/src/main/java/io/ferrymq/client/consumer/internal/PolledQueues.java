package io.ferrymq.client.consumer.internal;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.consumer.Subscription;
import io.ferrymq.common.message.MessageExt;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The queues a pull consumer reads, each with the messages pulled ahead of {@code poll} and its
 * position (the next offset {@code poll} will return). Every pull loop is a generation: a seek or a
 * reassignment starts a new one, and answers of the old one are ignored.
 *
 * <p>Thread-safety: one lock guards everything; {@code poll} waits on its condition. Pull callbacks
 * and the application's threads call in.
 */
public final class PolledQueues {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Map<MessageQueue, Polled> queues = new LinkedHashMap<>();
    private final int maxBuffered;
    private final BooleanSupplier closed;
    private int roundRobin;

    /** One queue: where to pull next, what was pulled ahead, the current generation. */
    private static final class Polled {
        final MessageQueue queue;
        final Subscription subscription;
        final ArrayDeque<MessageExt> buffered = new ArrayDeque<>();
        long fetchOffset;
        boolean paused;
        Fetch current;

        Polled(MessageQueue queue, Subscription subscription, long offset) {
            this.queue = queue;
            this.subscription = subscription;
            this.fetchOffset = offset;
        }

        long position() {
            MessageExt head = buffered.peekFirst();
            return head != null ? head.getQueueOffset() : fetchOffset;
        }
    }

    /** Buffers at most {@code maxBuffered} fetched messages per queue; {@code closed} ends waiting polls. */
    public PolledQueues(int maxBuffered, BooleanSupplier closed) {
        this.maxBuffered = maxBuffered;
        this.closed = closed;
    }

    /** Adds a queue at {@code offset} (or moves an owned one there); returns the pull loop to start. */
    public QueuePuller.Target add(MessageQueue queue, Subscription subscription, long offset) {
        lock.lock();
        try {
            Polled p = new Polled(queue, subscription, offset);
            Polled old = queues.put(queue, p);
            if (old != null) {
                p.paused = old.paused;
            }
            p.current = new Fetch(p);
            return p.current;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a queue; returns its position, or -1 when it was not owned. */
    public long remove(MessageQueue queue) {
        lock.lock();
        try {
            Polled p = queues.remove(queue);
            return p == null ? -1 : p.position();
        } finally {
            lock.unlock();
        }
    }

    /** Moves a queue's position; returns the new pull loop to start. */
    public QueuePuller.Target seek(MessageQueue queue, long offset) {
        lock.lock();
        try {
            Polled p = owned(queue);
            p.buffered.clear();
            p.fetchOffset = offset;
            p.current = new Fetch(p);
            return p.current;
        } finally {
            lock.unlock();
        }
    }

    /** The next offset a poll returns for {@code queue}. */
    public long position(MessageQueue queue) {
        lock.lock();
        try {
            return owned(queue).position();
        } finally {
            lock.unlock();
        }
    }

    /** Every owned queue and its position. */
    public Map<MessageQueue, Long> positions() {
        lock.lock();
        try {
            Map<MessageQueue, Long> map = new LinkedHashMap<>();
            queues.forEach((q, p) -> map.put(q, p.position()));
            return map;
        } finally {
            lock.unlock();
        }
    }

    /** The queues held now. */
    public Set<MessageQueue> queues() {
        lock.lock();
        try {
            return Set.copyOf(queues.keySet());
        } finally {
            lock.unlock();
        }
    }

    /** Pauses (or resumes) the given queues: a paused queue is neither fetched nor polled. */
    public void pause(Collection<MessageQueue> list, boolean paused) {
        lock.lock();
        try {
            for (MessageQueue q : list) {
                owned(q).paused = paused;
            }
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Up to {@code max} buffered messages of the unpaused queues, taken round-robin per queue, waiting
     * until {@code timeoutNanos} for some to arrive; empty when none did.
     */
    public List<MessageExt> poll(int max, long timeoutNanos) throws InterruptedException {
        long remaining = timeoutNanos;
        lock.lock();
        try {
            while (true) {
                List<MessageExt> batch = take(max);
                if (!batch.isEmpty() || remaining <= 0 || closed.getAsBoolean()) {
                    return batch;
                }
                remaining = arrived.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Wakes a waiting {@code poll} (closing). */
    public void wakeUp() {
        lock.lock();
        try {
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private List<MessageExt> take(int max) {
        List<Polled> order = new ArrayList<>(queues.values());
        List<MessageExt> batch = new ArrayList<>();
        for (int i = 0; i < order.size() && batch.size() < max; i++) {
            Polled p = order.get(Math.floorMod(roundRobin + i, order.size()));
            while (!p.paused && !p.buffered.isEmpty() && batch.size() < max) {
                batch.add(p.buffered.pollFirst());
            }
        }
        roundRobin++;
        return batch;
    }

    private Polled owned(MessageQueue queue) {
        Polled p = queues.get(queue);
        if (p == null) {
            throw new IllegalStateException(queue + " is not assigned to this consumer; assign or subscribe first");
        }
        return p;
    }

    /** One generation of a queue's pull loop. */
    private final class Fetch implements QueuePuller.Target {
        private final Polled polled;

        Fetch(Polled polled) {
            this.polled = polled;
        }

        @Override
        public MessageQueue queue() {
            return polled.queue;
        }

        @Override
        public boolean active() {
            lock.lock();
            try {
                return !closed.getAsBoolean() && polled.current == this && queues.get(polled.queue) == polled;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public long nextOffset() {
            lock.lock();
            try {
                return polled.fetchOffset;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public long holdOffMillis() {
            lock.lock();
            try {
                if (polled.paused) {
                    return 100;
                }
                return polled.buffered.size() >= maxBuffered ? QueuePuller.flowControlPauseMillis() : 0;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public long commitOffset() {
            return -1;
        }

        @Override
        public Subscription subscription() {
            return polled.subscription;
        }

        @Override
        public void onPulled(PullResult result) {
            lock.lock();
            try {
                if (polled.current != this) {
                    return;
                }
                polled.fetchOffset = result.nextBeginOffset();
                if (!result.messages().isEmpty()) {
                    polled.buffered.addAll(result.messages());
                    arrived.signalAll();
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
