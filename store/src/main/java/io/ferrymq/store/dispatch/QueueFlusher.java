package io.ferrymq.store.dispatch;

import io.ferrymq.store.agent.Agent;
import io.ferrymq.store.checkpoint.StoreCheckpoint;
import io.ferrymq.store.commitlog.CommitLog;
import io.ferrymq.store.queue.ConsumeQueueTable;
import java.io.IOException;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every flushIntervalConsumeQueue: notes how far dispatch got, forces the consume queues and the index, then writes
 * the checkpoint (commit-log flushed offset, dispatched offset). The dispatched offset is read before
 * the flush, so every unit below it is on disk when the checkpoint says so. Sole writer of the
 * checkpoint; writes a last one on close.
 */
public final class QueueFlusher implements Agent {

    private static final Logger LOG = LoggerFactory.getLogger(QueueFlusher.class);

    private final CommitLog commitLog;
    private final ConsumeQueueTable queues;
    private final ReputService reput;
    private final StoreCheckpoint checkpoint;
    private final InstantSource clock;
    private final long intervalMillis;
    private final ExtraFlush flushOthers;
    private long nextAt;

    public QueueFlusher(CommitLog commitLog, ConsumeQueueTable queues, ReputService reput,
                        StoreCheckpoint checkpoint, InstantSource clock, long intervalMillis) {
        this(commitLog, queues, reput, checkpoint, clock, intervalMillis, () -> { });
    }

    /** @param flushOthers forces the other dispatch outputs (the index) before each checkpoint */
    public QueueFlusher(CommitLog commitLog, ConsumeQueueTable queues, ReputService reput,
                        StoreCheckpoint checkpoint, InstantSource clock, long intervalMillis, ExtraFlush flushOthers) {
        this.flushOthers = flushOthers;
        this.commitLog = commitLog;
        this.queues = queues;
        this.reput = reput;
        this.checkpoint = checkpoint;
        this.clock = clock;
        this.intervalMillis = intervalMillis;
    }

    /** Forces other dispatch outputs (index, queue manifest) before a checkpoint covers them. */
    @FunctionalInterface
    public interface ExtraFlush {
        void run() throws IOException;
    }

    @Override
    public String roleName() {
        return "ferrymq-cq-flush";
    }

    @Override
    public int doWork() throws IOException {
        long now = clock.millis();
        if (now < nextAt) {
            return 0;
        }
        nextAt = now + intervalMillis;
        return checkpointNow() ? 1 : 0;
    }

    /** Flushes the queues and writes a checkpoint when anything moved. */
    public boolean checkpointNow() throws IOException {
        long dispatched = reput.reputOffset();
        long dispatchedTs = reput.lastTimestamp();
        long flushed = commitLog.flushedOffset();
        StoreCheckpoint.Values last = checkpoint.values();
        if (dispatched == last.dispatchedOffset() && flushed == last.commitLogFlushedOffset()) {
            return false;
        }
        queues.flush();
        flushOthers.run();
        checkpoint.write(new StoreCheckpoint.Values(flushed, dispatched,
                commitLog.lastStoreTimestamp(), dispatchedTs));
        return true;
    }

    @Override
    public void onClose() {
        try {
            checkpointNow();
        } catch (IOException e) {
            LOG.error("final checkpoint failed", e);
        }
    }
}
