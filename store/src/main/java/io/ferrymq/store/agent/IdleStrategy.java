package io.ferrymq.store.agent;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Back-off for an agent with nothing to do: a few spins, a few yields, then parks that double from
 * {@code minParkNanos} up to {@code maxParkNanos}. {@link AgentRunner#wakeUp()} cuts a park short.
 * One instance per runner thread.
 *
 * <p>Spins, yields and micro-parks are system calls and stolen cycles on a small machine: an agent
 * that is woken whenever work arrives should use {@link #parkUntilWoken}, which goes straight to
 * the longest park (a wake-up that comes before the park only makes it return at once).
 */
public final class IdleStrategy {

    private static final int SPINS = 10;
    private static final int YIELDS = 5;

    private final int spins;
    private final int yields;
    private final long minParkNanos;
    private final long maxParkNanos;
    private int idleCount;
    private long parkNanos;

    public IdleStrategy(long minParkNanos, long maxParkNanos) {
        this(SPINS, YIELDS, minParkNanos, maxParkNanos);
    }

    private IdleStrategy(int spins, int yields, long minParkNanos, long maxParkNanos) {
        if (minParkNanos <= 0 || maxParkNanos < minParkNanos) {
            throw new IllegalArgumentException("bad park range " + minParkNanos + ".." + maxParkNanos);
        }
        this.spins = spins;
        this.yields = yields;
        this.minParkNanos = minParkNanos;
        this.maxParkNanos = maxParkNanos;
        this.parkNanos = minParkNanos;
    }

    /** Parks between 1 us and {@code maxParkMillis}, after a few spins and yields: for polling agents. */
    public static IdleStrategy upTo(long maxParkMillis) {
        return new IdleStrategy(TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(maxParkMillis));
    }

    /**
     * Parks {@code maxParkMillis} at once, no spins or yields: for agents that are woken
     * ({@link AgentRunner#wakeUp()}) whenever work is queued for them.
     */
    public static IdleStrategy parkUntilWoken(long maxParkMillis) {
        long nanos = TimeUnit.MILLISECONDS.toNanos(maxParkMillis);
        return new IdleStrategy(0, 0, nanos, nanos);
    }

    public void idle(int workCount) {
        if (workCount > 0) {
            reset();
            return;
        }
        if (idleCount < spins) {
            idleCount++;
            Thread.onSpinWait();
        } else if (idleCount < spins + yields) {
            idleCount++;
            Thread.yield();
        } else {
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(parkNanos << 1, maxParkNanos);
        }
    }

    public void reset() {
        idleCount = 0;
        parkNanos = minParkNanos;
    }
}
