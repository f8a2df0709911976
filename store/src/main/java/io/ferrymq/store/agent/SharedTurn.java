package io.ferrymq.store.agent;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Work that one thread at a time may do, done by whichever thread finds the turn free: a thread that
 * finds it taken leaves its work to the holder, which looks for more after letting go. Nothing queued is
 * left behind as long as callers queue their work before calling {@link #take}: a caller that loses the
 * race queued before the holder let go, so the holder's next look sees it. Never blocks.
 *
 * <p>The holder's writes are visible to the next holder (the flag is an atomic), so the state the work
 * touches needs no lock of its own.
 */
public final class SharedTurn {

    private final AtomicBoolean held = new AtomicBoolean();

    /**
     * While {@code pending} says there is work and the turn is free, takes the turn and runs
     * {@code work} (which returns how much it did), at most {@code maxTurns} times; stops early after a
     * turn that did nothing.
     *
     * @return turns that did work
     */
    public int take(BooleanSupplier pending, IntSupplier work, int maxTurns) {
        int turns = 0;
        while (turns < maxTurns && pending.getAsBoolean() && held.compareAndSet(false, true)) {
            int done;
            try {
                done = work.getAsInt();
            } finally {
                held.set(false);
            }
            if (done == 0) {
                break;
            }
            turns++;
        }
        return turns;
    }

    /** Waits (spinning: turns are short) until the turn is free, then runs {@code action} holding it. */
    public void runAlone(Runnable action) {
        while (!held.compareAndSet(false, true)) {
            Thread.onSpinWait();
        }
        try {
            action.run();
        } finally {
            held.set(false);
        }
    }
}
