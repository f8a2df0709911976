package io.ferrymq.store.commitlog;

import io.ferrymq.common.message.BlankRecord;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.store.agent.Agent;
import io.ferrymq.store.agent.SharedTurn;
import io.ferrymq.store.file.MappedFile;
import io.ferrymq.store.file.MappedFileQueue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit log's single writer (group commit): drains every append queued by producers since its
 * last cycle, copies each into the last segment, patches QUEUEOFFSET, PHYSICALOFFSET and
 * STORETIMESTAMP in place (one clock read per cycle), then hands the whole batch on: completed at once
 * for ASYNC_FLUSH, or to the {@link GroupCommitFlusher} that answers after one shared fsync.
 *
 * <p>One writer at a time, not one thread: whoever queues an append and finds nobody writing
 * ({@link #drain}) writes the queue itself, its own append and everyone else's; a producer that finds
 * a writer busy only queues, and that writer looks at the queue again after letting go, so nothing is
 * left behind. On a small machine this saves two thread wake-ups per append (the writer's, and the
 * network thread's to send the answer). The agent thread ({@link #doWork}) takes over when a writer
 * stops after {@link #MAX_ROUNDS} rounds with appends still queued, and polls as a safety net.
 *
 * <p>A record never spans segments: when {@code size + 8} bytes do not fit, the rest of the segment
 * gets the 8-byte filler ({@link BlankRecord}) and the record goes to a new segment. The filler rule
 * keeps at least 8 bytes free in every segment, so the filler always fits.
 *
 * <p>Sticky failure: after an I/O error every later append is refused with SERVICE_NOT_AVAILABLE.
 * Futures are completed on this thread (SYNC_FLUSH: on the flusher's); callers must not run long
 * work in non-async continuations.
 */
final class CommitLogWriter implements Agent {

    private static final Logger LOG = LoggerFactory.getLogger(CommitLogWriter.class);
    private static final int MAX_BATCH = 4096;
    /** Batches one {@link #drain} call writes at most before leaving the rest to the agent thread. */
    static final int MAX_ROUNDS = 4;

    private final MappedFileQueue files;
    private final InstantSource clock;
    private final QueueOffsetTable queueOffsets;
    private final Consumer<ArrayList<AppendRequest>> batchSink;
    private final Queue<AppendRequest> incoming = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pending = new AtomicInteger();
    private final ArrayList<AppendRequest> batch = new ArrayList<>();
    /** Held by the thread writing: the only one touching the segments, the offsets and {@link #batch}. */
    private final SharedTurn turn = new SharedTurn();
    private volatile Runnable handOver = () -> { };
    private volatile boolean failed;
    private volatile long lastStoreTimestamp;

    /**
     * @param batchSink receives each written batch on this thread; it owns the list only during the
     *                  call (copy to keep it)
     */
    CommitLogWriter(MappedFileQueue files, InstantSource clock, QueueOffsetTable queueOffsets,
                    Consumer<ArrayList<AppendRequest>> batchSink) {
        this.files = files;
        this.clock = clock;
        this.queueOffsets = queueOffsets;
        this.batchSink = batchSink;
    }

    @Override
    public String roleName() {
        return "ferrymq-commitlog-writer";
    }

    /** Any thread: queues an append (then call {@link #drain}, or wake the agent thread). */
    void submit(AppendRequest request) {
        pending.incrementAndGet();
        incoming.add(request);
    }

    /** What wakes the agent thread when a {@link #drain} leaves appends queued. Set before use. */
    void setHandOver(Runnable handOver) {
        this.handOver = handOver;
    }

    /**
     * Any thread: writes the queued appends unless another thread is writing, which then writes them.
     * Completions run on the writing thread, inside its turn: an append they queue is written in the
     * next round. Never blocks.
     *
     * @return batches written by this call
     */
    int drain() {
        int rounds = turn.take(() -> !incoming.isEmpty(), this::writeQueued, MAX_ROUNDS);
        if (rounds >= MAX_ROUNDS && !incoming.isEmpty()) {
            handOver.run();
        }
        return rounds;
    }

    int pending() {
        return pending.get();
    }

    boolean isFailed() {
        return failed;
    }

    /** Store timestamp of the newest written record. */
    long lastStoreTimestamp() {
        return lastStoreTimestamp;
    }

    @Override
    public int doWork() {
        return drain();
    }

    /** One batch, in the caller's {@link #turn}; returns appends taken from the queue. */
    private int writeQueued() {
        AppendRequest request = incoming.poll();
        if (request == null) {
            return 0;
        }
        long now = clock.millis();
        batch.clear();
        int n = 0;
        do {
            pending.decrementAndGet();
            if (failed) {
                request.future.complete(PutResult.failure(PutStatus.SERVICE_NOT_AVAILABLE));
            } else {
                write(request, now);
                batch.add(request);
            }
            n++;
        } while (n < MAX_BATCH && (request = incoming.poll()) != null);
        if (!batch.isEmpty()) {
            lastStoreTimestamp = now;
            batchSink.accept(batch);
        }
        return n;
    }

    private void write(AppendRequest r, long now) {
        ByteBuffer src = r.records;
        int total = src.remaining();
        try {
            MappedFile mf = files.last();
            if (mf == null || mf.isFull()) {
                mf = files.rollFrom(0);
            } else if (total + BlankRecord.LENGTH > mf.remaining()) {
                BlankRecord.write(mf.buffer(), mf.writePosition(), mf.remaining());
                mf.setWritePosition(mf.fileSize());
                mf = files.rollFrom(0);
            }
            int pos = mf.writePosition();
            long physical = mf.fileFromOffset() + pos;
            ByteBuffer dst = mf.buffer();
            dst.put(pos, src, src.position(), total);
            int count = 0;
            for (int p = pos; p < pos + total; p += MessageRecord.totalSize(dst, p)) {
                count++;
            }
            long firstQueueOffset = r.dispatchable ? queueOffsets.reserve(r.topic, r.queueId, count) : 0;
            int i = 0;
            for (int p = pos; p < pos + total; p += MessageRecord.totalSize(dst, p)) {
                MessageRecord.setQueueOffset(dst, p, r.dispatchable ? firstQueueOffset + i : 0);
                MessageRecord.setPhysicalOffset(dst, p, physical + (p - pos));
                MessageRecord.setStoreTimestamp(dst, p, now);
                i++;
            }
            mf.setWritePosition(pos + total);
            r.endOffset = physical + total;
            r.result = new PutResult(PutStatus.PUT_OK, physical, total, firstQueueOffset, count, now);
        } catch (IOException | RuntimeException e) {
            failed = true;
            LOG.error("commit log write failed; refusing all further writes", e);
            r.result = PutResult.failure(e instanceof IOException
                    ? PutStatus.CREATE_MAPPED_FILE_FAILED : PutStatus.UNKNOWN_ERROR);
            r.endOffset = -1;
        }
    }

    /** Agent thread, at stop (appends are refused by then): answers what is still queued, after any writer. */
    @Override
    public void onClose() {
        turn.runAlone(() -> {
            AppendRequest r;
            while ((r = incoming.poll()) != null) {
                pending.decrementAndGet();
                r.future.complete(PutResult.failure(PutStatus.SERVICE_NOT_AVAILABLE));
            }
        });
    }

    /** Marks the log failed (an fsync error elsewhere): later appends are refused. */
    void fail() {
        failed = true;
    }
}
