package io.ferrymq.example;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Waiting for an outcome that lives in another process (a database, the broker): the condition is checked again
 * every {@code every} until it holds, and a timeout says what was still missing.
 */
public final class Poll {
    /** A check that may read a database or the broker. */
    @FunctionalInterface
    public interface Condition {
        boolean met() throws Exception;
    }

    private Poll() {
    }

    /**
     * Returns once {@code condition} holds.
     *
     * @throws TimeoutException with {@code missing}'s text when it still does not hold after {@code timeout}
     */
    public static void until(Duration timeout, Duration every, Condition condition, Supplier<String> missing)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.met()) {
            if (System.nanoTime() >= deadline) {
                throw new TimeoutException(missing.get());
            }
            Thread.sleep(every.toMillis()); // the outcome is in another process: look again shortly
        }
    }
}
