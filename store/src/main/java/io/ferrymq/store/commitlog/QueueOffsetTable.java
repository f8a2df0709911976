package io.ferrymq.store.commitlog;

import java.util.Arrays;
import java.util.HashMap;

/**
 * The next consume-queue offset of every topic queue, owned by whichever thread holds the commit-log
 * writer's turn (no locks of its own). A queue's counter starts from {@link Seed#initialOffset}, which the store answers from the
 * consume queue recovered at start (dispatch has caught up before the writer starts).
 */
final class QueueOffsetTable {

    /** Where a queue's counter starts the first time the writer sees it. */
    @FunctionalInterface
    interface Seed {
        long initialOffset(String topic, int queueId);
    }

    private static final long UNSET = Long.MIN_VALUE;

    private final HashMap<String, long[]> counters = new HashMap<>();
    private final Seed seed;

    QueueOffsetTable(Seed seed) {
        this.seed = seed;
    }

    /** Returns the next offset of the queue and advances it by {@code count}. */
    long reserve(String topic, int queueId, int count) {
        long[] queues = counters.get(topic);
        if (queues == null || queueId >= queues.length) {
            long[] grown = new long[Math.max(queueId + 1, queues == null ? 8 : queues.length * 2)];
            Arrays.fill(grown, UNSET);
            if (queues != null) {
                System.arraycopy(queues, 0, grown, 0, queues.length);
            }
            queues = grown;
            counters.put(topic, queues);
        }
        long next = queues[queueId];
        if (next == UNSET) {
            next = seed.initialOffset(topic, queueId);
        }
        queues[queueId] = next + count;
        return next;
    }
}
