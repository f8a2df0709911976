package io.ferrymq.broker.timer;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Timers not yet delivered, bucketed by the second of their delivery time, so a round looks only at the
 * buckets that are due (never at the whole set). A timer is three longs and a flag in the bucket's
 * parallel arrays (about 25 bytes). Not thread-safe: only the timer thread uses it.
 */
final class TimerWheel {

    /** Delivers one due timer: true when it is done with (stored, skipped, or found delivered already). */
    @FunctionalInterface
    interface Delivery {
        boolean deliver(long deliverMs, long queueOffset, long physicalOffset, boolean verify);
    }

    private final TreeMap<Long, Bucket> buckets = new TreeMap<>();
    private int size;

    void add(long deliverMs, long queueOffset, long physicalOffset, boolean verify) {
        buckets.computeIfAbsent(Math.floorDiv(deliverMs, 1000L), s -> new Bucket())
                .add(deliverMs, queueOffset, physicalOffset, verify);
        size++;
    }

    /**
     * Hands every timer due at {@code nowMs} to {@code delivery}, earliest second first; stops at the first
     * one that is not done with (it stays, with everything after it).
     *
     * @return true when every due timer is done with
     */
    boolean drainDue(long nowMs, Delivery delivery) {
        long nowSecond = Math.floorDiv(nowMs, 1000L);
        Iterator<Map.Entry<Long, Bucket>> it = buckets.headMap(nowSecond, true).entrySet().iterator();
        while (it.hasNext()) {
            Bucket b = it.next().getValue();
            int before = b.count;
            boolean complete = b.drain(nowMs, delivery);
            size -= before - b.count;
            if (b.count == 0) {
                it.remove();
            }
            if (!complete) {
                return false;
            }
        }
        return true;
    }

    int size() {
        return size;
    }

    /** One second's timers. */
    private static final class Bucket {
        private long[] deliverMs = new long[4];
        private long[] queueOffsets = new long[4];
        private long[] physicalOffsets = new long[4];
        private boolean[] verify = new boolean[4];
        private int count;

        void add(long due, long queueOffset, long physicalOffset, boolean check) {
            if (count == deliverMs.length) {
                int n = count * 2;
                deliverMs = Arrays.copyOf(deliverMs, n);
                queueOffsets = Arrays.copyOf(queueOffsets, n);
                physicalOffsets = Arrays.copyOf(physicalOffsets, n);
                verify = Arrays.copyOf(verify, n);
            }
            deliverMs[count] = due;
            queueOffsets[count] = queueOffset;
            physicalOffsets[count] = physicalOffset;
            verify[count] = check;
            count++;
        }

        /** Delivers the due entries, compacting the rest in place; false when one was not done with. */
        boolean drain(long nowMs, Delivery delivery) {
            int kept = 0;
            boolean complete = true;
            for (int i = 0; i < count; i++) {
                boolean done = complete && deliverMs[i] <= nowMs
                        && delivery.deliver(deliverMs[i], queueOffsets[i], physicalOffsets[i], verify[i]);
                if (!done) {
                    if (deliverMs[i] <= nowMs) {
                        complete = false;
                    }
                    deliverMs[kept] = deliverMs[i];
                    queueOffsets[kept] = queueOffsets[i];
                    physicalOffsets[kept] = physicalOffsets[i];
                    verify[kept] = verify[i];
                    kept++;
                }
            }
            count = kept;
            return complete;
        }
    }
}
