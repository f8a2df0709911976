package io.ferrymq.bench.interop;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Polling with a deadline, for state that other processes reach asynchronously (registration, indexes). */
final class Waits {
    private static final long POLL_MILLIS = 100;

    private Waits() {
    }

    /**
     * Calls {@code probe} until it returns a present value or {@code timeout} passes. A probe that throws
     * is called again; when time runs out its last exception is rethrown (or an AssertionError naming
     * {@code what} when it only came back empty).
     */
    static <T> T until(String what, Duration timeout, Callable<Optional<T>> probe) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                Optional<T> value = probe.call();
                if (value.isPresent()) {
                    return value.get();
                }
                last = null;
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline >= 0) {
                if (last != null) {
                    throw last;
                }
                throw new AssertionError(what + " not seen within " + timeout.toSeconds() + " s");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
