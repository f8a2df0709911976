package io.ferrymq.bench.mq;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code n} copies of a load loop on their own threads and waits for them, bounded in time. */
final class LoadThreads {
    private LoadThreads() {
    }

    /** A load loop; it must return by itself once the meter's bounds are reached. */
    @FunctionalInterface
    interface Loop {
        void run(int index) throws Exception;
    }

    /**
     * Starts the loops, waits until they return or {@code patience} passes, and rethrows the first
     * failure. Threads still running after that are interrupted (and left as daemons).
     */
    static void runAll(String name, int n, Loop loop, Duration patience) throws Exception {
        List<Thread> threads = new ArrayList<>();
        Exception[] failure = new Exception[1];
        for (int i = 0; i < n; i++) {
            int index = i;
            Thread t = new Thread(() -> {
                try {
                    loop.run(index);
                } catch (Exception e) {
                    synchronized (failure) {
                        if (failure[0] == null) {
                            failure[0] = e;
                        }
                    }
                }
            }, name + "-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        long deadline = System.nanoTime() + patience.toNanos();
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        boolean stuck = false;
        for (Thread t : threads) {
            if (t.isAlive()) {
                stuck = true;
                t.interrupt();
            }
        }
        synchronized (failure) {
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        if (stuck) {
            throw new IllegalStateException(name + " threads did not finish within " + patience.toSeconds() + " s");
        }
    }
}
