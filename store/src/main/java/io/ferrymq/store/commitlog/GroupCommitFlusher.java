package io.ferrymq.store.commitlog;

import io.ferrymq.store.agent.Agent;
import io.ferrymq.store.file.MappedFileQueue;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SYNC_FLUSH: answers appends only once they are on disk. Every append waiting when a cycle starts
 * shares one fsync ({@link MappedFileQueue#flush()} forces everything written so far); appends whose
 * deadline (syncFlushTimeout) passed before their fsync completed get FLUSH_DISK_TIMEOUT. A single
 * fsync that hangs delays the answers until it returns.
 *
 * <p>Threads: the writer hands requests over with {@link #enqueue}; everything else runs on this
 * agent's thread. An fsync error makes the log refuse further writes.
 */
final class GroupCommitFlusher implements Agent {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitFlusher.class);

    private final MappedFileQueue files;
    private final LongSupplier nanoClock;
    private final Runnable onFailure;
    private final Queue<AppendRequest> incoming = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<AppendRequest> waiting = new ArrayDeque<>();
    private volatile Runnable wakeUp = () -> { };
    private boolean failed;

    GroupCommitFlusher(MappedFileQueue files, LongSupplier nanoClock, Runnable onFailure) {
        this.files = files;
        this.nanoClock = nanoClock;
        this.onFailure = onFailure;
    }

    void setWakeUp(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    @Override
    public String roleName() {
        return "ferrymq-group-commit";
    }

    /** Writer thread: queues a written request whose deadline is set. */
    void enqueue(AppendRequest request) {
        incoming.add(request);
    }

    void signal() {
        wakeUp.run();
    }

    @Override
    public int doWork() {
        AppendRequest r;
        while ((r = incoming.poll()) != null) {
            if (r.endOffset < 0) {
                r.future.complete(r.result);
            } else {
                waiting.add(r);
            }
        }
        if (waiting.isEmpty()) {
            return 0;
        }
        int done = waiting.size();
        long flushed = files.flushedOffset();
        if (!failed) {
            try {
                flushed = files.flush();
            } catch (RuntimeException e) {
                failed = true;
                LOG.error("commit log fsync failed; refusing all further writes", e);
                onFailure.run();
            }
        }
        long now = nanoClock.getAsLong();
        while ((r = waiting.peek()) != null) {
            if (r.endOffset <= flushed) {
                waiting.poll();
                r.future.complete(r.result);
            } else if (failed || now - r.deadlineNanos >= 0) {
                waiting.poll();
                r.future.complete(r.result.withStatus(PutStatus.FLUSH_DISK_TIMEOUT));
            } else {
                break;
            }
        }
        return done;
    }

    @Override
    public void onClose() {
        doWork();
        AppendRequest r;
        while ((r = waiting.poll()) != null) {
            r.future.complete(r.result.withStatus(PutStatus.FLUSH_DISK_TIMEOUT));
        }
    }
}
