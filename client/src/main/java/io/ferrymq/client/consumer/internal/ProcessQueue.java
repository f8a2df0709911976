package io.ferrymq.client.consumer.internal;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.common.message.MessageExt;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The messages of one queue pulled but not yet consumed, by queue offset, and where to pull next.
 * The committable offset is the smallest offset still held (or one past the largest ever held), so a
 * message is never skipped by the offset whatever order the listeners finish in.
 *
 * <p>Thread-safety: the pull path puts, consume threads remove; one monitor guards the maps. For
 * orderly consumption {@link #consumeLock()} keeps one consume thread per queue, and rebalance takes
 * it before dropping the queue.
 */
public final class ProcessQueue {
    private final MessageQueue queue;
    private final TreeMap<Long, MessageExt> held = new TreeMap<>();
    /** Orderly only: taken out for the listener, committed or given back. */
    private final TreeMap<Long, MessageExt> consuming = new TreeMap<>();
    private final ReentrantLock consumeLock = new ReentrantLock();
    private long count;
    private long bytes;
    private long maxOffsetHeld = -1;
    private volatile long nextPullOffset;
    private volatile boolean dropped;
    private volatile boolean locked;
    private volatile long lastLockNanos;

    /** An owned queue whose first pull starts at {@code startOffset}. */
    public ProcessQueue(MessageQueue queue, long startOffset) {
        this.queue = queue;
        this.nextPullOffset = startOffset;
    }

    /** The queue. */
    public MessageQueue queue() {
        return queue;
    }

    /** Where the next pull of this queue starts. */
    public long nextPullOffset() {
        return nextPullOffset;
    }

    /** Sets where the next pull starts (the broker's {@code nextBeginOffset}). */
    public void nextPullOffset(long offset) {
        this.nextPullOffset = offset;
    }

    /** Adds pulled messages; false when none was new. */
    public synchronized boolean put(List<MessageExt> messages) {
        boolean added = false;
        for (MessageExt m : messages) {
            if (held.putIfAbsent(m.getQueueOffset(), m) == null) {
                count++;
                bytes += m.getBody() == null ? 0 : m.getBody().length;
                maxOffsetHeld = Math.max(maxOffsetHeld, m.getQueueOffset());
                added = true;
            }
        }
        return added;
    }

    /**
     * Removes consumed (or sent back) messages and returns the offset now safe to commit, or -1 when
     * nothing was held.
     */
    public synchronized long remove(List<MessageExt> messages) {
        if (held.isEmpty()) {
            return -1;
        }
        for (MessageExt m : messages) {
            MessageExt gone = held.remove(m.getQueueOffset());
            if (gone != null) {
                count--;
                bytes -= gone.getBody() == null ? 0 : gone.getBody().length;
            }
        }
        return held.isEmpty() ? maxOffsetHeld + 1 : held.firstKey();
    }

    /**
     * A pull moved past messages that were not for this consumer (filtered out, or none new): when
     * nothing is held, {@code nextOffset} is committable. Returns it then, else -1.
     */
    public synchronized long skipTo(long nextOffset) {
        if (held.isEmpty() && consuming.isEmpty() && nextOffset > maxOffsetHeld) {
            maxOffsetHeld = nextOffset - 1;
            return nextOffset;
        }
        return -1;
    }

    /** Messages pulled and not yet consumed. */
    public synchronized long count() {
        return count;
    }

    /** Body bytes of the messages held (flow control). */
    public synchronized long bytes() {
        return bytes;
    }

    /** Offsets between the first and last message held (concurrent consumption's stuck-message guard). */
    public synchronized long span() {
        return held.isEmpty() ? 0 : held.lastKey() - held.firstKey();
    }

    /** Orderly: the next message in queue order, moved to "consuming"; null when none is held. */
    public synchronized MessageExt takeNext() {
        var first = held.pollFirstEntry();
        if (first == null) {
            return null;
        }
        consuming.put(first.getKey(), first.getValue());
        return first.getValue();
    }

    /** Orderly: the taken messages are done; returns the offset to commit, or -1 when none was taken. */
    public synchronized long commit() {
        if (consuming.isEmpty()) {
            return -1;
        }
        long next = consuming.lastKey() + 1;
        for (MessageExt m : consuming.values()) {
            count--;
            bytes -= m.getBody() == null ? 0 : m.getBody().length;
        }
        consuming.clear();
        return next;
    }

    /** Orderly: the taken messages go back in front, to be consumed again. */
    public synchronized void giveBack() {
        held.putAll(consuming);
        consuming.clear();
    }

    /** True when no pulled message waits. */
    public synchronized boolean isEmpty() {
        return held.isEmpty();
    }

    /** Held while an orderly listener consumes this queue, so rebalancing never releases it mid-message. */
    public ReentrantLock consumeLock() {
        return consumeLock;
    }

    /** True once the queue was given up (rebalanced away or the consumer closed). */
    public boolean dropped() {
        return dropped;
    }

    /** Marks the queue given up (rebalanced away, or the consumer closing): its pull loop stops. */
    public void drop() {
        this.dropped = true;
    }

    /** Orderly clustering: the broker lock, renewed periodically. */
    public boolean lockedAt(long nowNanos, long maxLiveNanos) {
        return locked && nowNanos - lastLockNanos <= maxLiveNanos;
    }

    /** Orderly clustering: records whether the broker lock is held, as of {@code nowNanos}. */
    public void locked(boolean locked, long nowNanos) {
        this.locked = locked;
        if (locked) {
            this.lastLockNanos = nowNanos;
        }
    }

    /** A copy of the held messages, for tests and diagnostics. */
    public synchronized List<MessageExt> snapshot() {
        return new ArrayList<>(held.values());
    }

    @Override
    public String toString() {
        return "ProcessQueue[" + queue + ", next=" + nextPullOffset + (dropped ? ", dropped" : "") + "]";
    }
}
