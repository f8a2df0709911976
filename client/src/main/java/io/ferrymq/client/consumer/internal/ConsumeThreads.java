package io.ferrymq.client.consumer.internal;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The listener threads of one consumer group, named {@code FerryConsume-<group>-<n>}. */
final class ConsumeThreads {
    private ConsumeThreads() {
    }

    static ExecutorService create(String group, int threads) {
        AtomicInteger seq = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "FerryConsume-" + group + "-" + seq.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // the queue is unbounded on purpose: flow control bounds what is pulled, so what is queued is bounded too
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
    }

    /** Shuts down and waits at most {@code timeout}; true when every task finished. */
    static boolean shutdown(ExecutorService threads, Duration timeout) {
        threads.shutdown();
        try {
            if (threads.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.shutdownNow();
        return false;
    }
}
