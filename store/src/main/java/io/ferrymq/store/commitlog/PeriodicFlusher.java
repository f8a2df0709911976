package io.ferrymq.store.commitlog;

import io.ferrymq.store.agent.Agent;
import io.ferrymq.store.file.MappedFileQueue;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ASYNC_FLUSH: every flushIntervalCommitLog, forces the commit log when at least
 * flushCommitLogLeastPages 4 KiB pages are dirty, or whatever is dirty once
 * flushCommitLogThoroughInterval has passed since the last full flush. Flushes everything on close.
 * Runs on its own thread; an fsync error makes the log refuse further writes.
 */
final class PeriodicFlusher implements Agent {

    private static final Logger LOG = LoggerFactory.getLogger(PeriodicFlusher.class);
    private static final int PAGE = 4096;

    private final MappedFileQueue files;
    private final InstantSource clock;
    private final long intervalMillis;
    private final long leastBytes;
    private final long thoroughMillis;
    private final Runnable onFailure;
    private long nextFlushAt;
    private long lastThoroughAt;
    private boolean failed;

    PeriodicFlusher(MappedFileQueue files, InstantSource clock, long intervalMillis, int leastPages,
                    long thoroughMillis, Runnable onFailure) {
        this.files = files;
        this.clock = clock;
        this.intervalMillis = intervalMillis;
        this.leastBytes = (long) leastPages * PAGE;
        this.thoroughMillis = thoroughMillis;
        this.onFailure = onFailure;
        this.lastThoroughAt = clock.millis();
    }

    @Override
    public String roleName() {
        return "ferrymq-commitlog-flush";
    }

    @Override
    public int doWork() {
        long now = clock.millis();
        if (failed || now < nextFlushAt) {
            return 0;
        }
        nextFlushAt = now + intervalMillis;
        long dirty = files.maxOffset() - files.flushedOffset();
        boolean thorough = now - lastThoroughAt >= thoroughMillis;
        if (dirty <= 0 || (dirty < leastBytes && !thorough)) {
            return 0;
        }
        if (thorough) {
            lastThoroughAt = now;
        }
        return flush() ? 1 : 0;
    }

    private boolean flush() {
        try {
            files.flush();
            return true;
        } catch (RuntimeException e) {
            failed = true;
            LOG.error("commit log fsync failed; refusing all further writes", e);
            onFailure.run();
            return false;
        }
    }

    @Override
    public void onClose() {
        if (!failed) {
            flush();
        }
    }
}
