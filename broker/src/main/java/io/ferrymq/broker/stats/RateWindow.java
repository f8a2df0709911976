package io.ferrymq.broker.stats;

/**
 * Recent samples of an ever-growing counter, one per {@link #sample} call (every second), enough to
 * answer "events per second over the last N seconds". The sampling thread writes; admin threads read;
 * both under the object's lock (a handful of calls per second, off the message path).
 */
final class RateWindow {
    private final long[] times;
    private final long[] totals;
    private int next;
    private int size;

    /** Keeps {@code capacity} samples: rates over windows up to {@code capacity - 1} sampling periods. */
    RateWindow(int capacity) {
        times = new long[capacity];
        totals = new long[capacity];
    }

    synchronized void sample(long nowMillis, long total) {
        times[next] = nowMillis;
        totals[next] = total;
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    /**
     * Events per second from the newest sample at least {@code windowMillis} old (the oldest one when
     * the history is shorter) up to {@code total} at {@code nowMillis}; 0 before the first sample.
     */
    synchronized double perSecond(long nowMillis, long total, long windowMillis) {
        if (size == 0) {
            return 0;
        }
        int oldest = (next - size + times.length) % times.length;
        int chosen = oldest;
        for (int i = 0; i < size; i++) {
            int idx = (oldest + i) % times.length;
            if (nowMillis - times[idx] >= windowMillis) {
                chosen = idx;
            } else {
                break;
            }
        }
        long elapsed = nowMillis - times[chosen];
        if (elapsed <= 0) {
            return 0;
        }
        return (total - totals[chosen]) * 1000.0 / elapsed;
    }
}
