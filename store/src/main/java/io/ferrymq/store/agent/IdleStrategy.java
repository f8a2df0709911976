package io.ferrymq.store.agent;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Back-off for an agent with nothing to do: a few spins, a few yields, then parks that double from
 * {@code minParkNanos} up to {@code maxParkNanos}. {@link AgentRunner#wakeUp()} cuts a park short.
 * One instance per runner thread.
 */
public final class IdleStrategy {

    private static final int SPINS = 10;
    private static final int YIELDS = 5;

    private final long minParkNanos;
    private final long maxParkNanos;
    private int idleCount;
    private long parkNanos;

    public IdleStrategy(long minParkNanos, long maxParkNanos) {
        if (minParkNanos <= 0 || maxParkNanos < minParkNanos) {
            throw new IllegalArgumentException("bad park range " + minParkNanos + ".." + maxParkNanos);
        }
        this.minParkNanos = minParkNanos;
        this.maxParkNanos = maxParkNanos;
        this.parkNanos = minParkNanos;
    }

    /** Parks between 1 us and {@code maxParkMillis}. */
    public static IdleStrategy upTo(long maxParkMillis) {
        return new IdleStrategy(TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(maxParkMillis));
    }

    public void idle(int workCount) {
        if (workCount > 0) {
            reset();
            return;
        }
        if (idleCount < SPINS) {
            idleCount++;
            Thread.onSpinWait();
        } else if (idleCount < SPINS + YIELDS) {
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
