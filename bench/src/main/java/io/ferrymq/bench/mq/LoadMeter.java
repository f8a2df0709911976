package io.ferrymq.bench.mq;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counts what a run did and bounds it. Load threads {@link #claim()} each unit before issuing it (false
 * once the duration or the count bound is reached), then report {@link #success(long)} or
 * {@link #error()}. A reporter thread prints one live line a second (rate of the last second, p99 so
 * far, errors). Latencies are kept in microseconds. Thread-safe.
 */
public final class LoadMeter {
    private final Duration duration;
    private final long maxUnits;
    private final String unit;
    private final PrintStream live;
    private final AtomicLong claimed = new AtomicLong();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private volatile long startNanos;
    private volatile long deadlineNanos;
    private volatile long stopNanos;
    private Thread reporter;

    public LoadMeter(Duration duration, long maxUnits, String unit, PrintStream live) {
        this.duration = duration;
        this.maxUnits = maxUnits;
        this.unit = unit;
        this.live = live;
    }

    /** Starts the clock of the measured phase and the live line (none when {@code live} is null). */
    public synchronized void start() {
        startNanos = System.nanoTime();
        deadlineNanos = startNanos + duration.toNanos();
        if (live == null) {
            return;
        }
        reporter = new Thread(this::report, "mqbench-live");
        reporter.setDaemon(true);
        reporter.start();
    }

    /** True when one more unit may be issued: before the deadline and under the count bound. */
    public boolean claim() {
        return !expired() && claimed.incrementAndGet() <= maxUnits;
    }

    /** True once the duration has passed (or the run was stopped). */
    public boolean expired() {
        return stopNanos != 0 || System.nanoTime() - deadlineNanos >= 0;
    }

    /** True once the count bound is reached by successes and errors together. */
    public boolean countReached() {
        return succeeded.sum() + errors.sum() >= maxUnits;
    }

    public long deadlineNanos() {
        return deadlineNanos;
    }

    public long maxUnits() {
        return maxUnits;
    }

    public void success(long latencyNanos) {
        succeeded.increment();
        recordLatency(latencyNanos);
    }

    /** Counts {@code n} successes whose latencies are recorded separately (or not at all). */
    public void successes(long n) {
        succeeded.add(n);
    }

    public void recordLatency(long latencyNanos) {
        recorder.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(latencyNanos)));
    }

    public void error() {
        errors.increment();
    }

    public long succeeded() {
        return succeeded.sum();
    }

    public long errors() {
        return errors.sum();
    }

    /** Stops the clock and the live line; returns the seconds measured. */
    public synchronized double stop() {
        if (stopNanos == 0) {
            stopNanos = System.nanoTime();
        }
        if (reporter != null) {
            reporter.interrupt();
            try {
                reporter.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        drain();
        return (stopNanos - startNanos) / 1e9;
    }

    /** Every latency recorded so far (call after {@link #stop()} for the final one). */
    public synchronized Histogram histogram() {
        drain();
        return total.copy();
    }

    private synchronized void drain() {
        total.add(recorder.getIntervalHistogram());
    }

    private void report() {
        long lastCount = 0;
        long lastNanos = startNanos;
        long next = startNanos + TimeUnit.SECONDS.toNanos(1);
        while (!Thread.currentThread().isInterrupted()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            long now = System.nanoTime();
            long count = succeeded.sum();
            double p99;
            long samples;
            synchronized (this) {
                drain();
                p99 = total.getValueAtPercentile(99) / 1000.0;
                samples = total.getTotalCount();
            }
            double rate = (count - lastCount) / ((now - lastNanos) / 1e9);
            live.printf(Locale.ROOT, "[%4ds] %10.0f %s/s  total %10d  p99 %s  errors %d%n",
                    TimeUnit.NANOSECONDS.toSeconds(now - startNanos), rate, unit, count,
                    samples == 0 ? "-" : String.format(Locale.ROOT, "%.3f ms", p99), errors.sum());
            lastCount = count;
            lastNanos = now;
            next += TimeUnit.SECONDS.toNanos(1);
        }
    }
}
