package io.ferrymq.bench.mq;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Polling with a deadline, for state that the brokers reach asynchronously (stored commits, check-backs). */
final class Polls {

    private Polls() {
    }

    /**
     * Tests {@code condition} every {@code pauseMillis} until it holds or {@code timeout} passes.
     *
     * @return whether it held
     */
    static boolean until(BooleanSupplier condition, Duration timeout, long pauseMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(pauseMillis);
        }
        return true;
    }
}
