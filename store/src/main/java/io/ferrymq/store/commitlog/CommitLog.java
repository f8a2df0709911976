package io.ferrymq.store.commitlog;

import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.store.agent.AgentRunner;
import io.ferrymq.store.agent.IdleStrategy;
import io.ferrymq.store.config.FlushDiskType;
import io.ferrymq.store.config.StoreConfig;
import io.ferrymq.store.file.MappedFile;
import io.ferrymq.store.file.MappedFileQueue;
import io.ferrymq.store.file.SegmentSlice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The append-only log of every message of every topic: {@link MappedFileQueue} segments of
 * mapedFileSizeCommitLog bytes holding records in the RocketMQ layout ({@link MessageRecord}), so a
 * read is a slice of the log.
 *
 * <p>Threads: producers call {@link #append} from any thread; one {@link CommitLogWriter} writes at a
 * time (the appending thread itself when the log is free, else whoever is writing);
 * one flusher forces ({@link PeriodicFlusher} for ASYNC_FLUSH, {@link GroupCommitFlusher} for
 * SYNC_FLUSH); readers call {@link #read}/{@link #maxOffset} from any thread. {@link #recover} runs
 * before {@link #start}.
 */
public final class CommitLog implements AutoCloseable {

    /** Appends waiting for the writer beyond which new ones get OS_PAGE_CACHE_BUSY. */
    static final int MAX_PENDING_APPENDS = 1 << 16;
    /** A full segment nobody has read for this long is unmapped (see {@link IdleSegmentUnmapper}). */
    static final Duration UNMAP_IDLE = Duration.ofMillis(100);
    private static final long UNMAP_SWEEP_MILLIS = 50;
    /** Full segments kept mapped for readers at most (besides the one being written). */
    static final int MAX_MAPPED_FOR_READING = 4;

    private final StoreConfig config;
    private final MappedFileQueue files;
    private final CommitLogWriter writer;
    private final GroupCommitFlusher groupCommit;
    private final PeriodicFlusher periodicFlusher;
    private final long syncFlushTimeoutNanos;
    private final LongSupplier nanoClock;
    private AgentRunner writerRunner;
    private AgentRunner flushRunner;
    private AgentRunner unmapRunner;
    private volatile boolean running;
    private volatile boolean diskFull;
    private volatile Runnable writtenListener = () -> { };

    /**
     * @param seed      first consume-queue offset of a queue the writer has not seen since start
     * @param nanoClock monotonic clock for SYNC_FLUSH deadlines
     */
    public CommitLog(StoreConfig config, InstantSource clock, LongSupplier nanoClock,
                     QueueOffsetSeed seed) {
        this.config = config;
        this.files = new MappedFileQueue(config.commitLogDir(), config.commitLogSegmentBytes());
        this.nanoClock = nanoClock;
        this.syncFlushTimeoutNanos = config.syncFlushTimeout().toNanos();
        boolean sync = config.flushDiskType() == FlushDiskType.SYNC_FLUSH;
        QueueOffsetTable offsets = new QueueOffsetTable(seed::initialOffset);
        CommitLogWriter[] self = new CommitLogWriter[1];
        Runnable fail = () -> self[0].fail();
        if (sync) {
            this.groupCommit = new GroupCommitFlusher(files, nanoClock, fail);
            this.periodicFlusher = null;
            this.writer = new CommitLogWriter(files, clock, offsets, batch -> {
                writtenListener.run();
                handOverToFlusher(batch);
            });
        } else {
            this.groupCommit = null;
            this.periodicFlusher = new PeriodicFlusher(files, clock, config.flushInterval().toMillis(),
                    config.flushLeastPages(), config.flushThoroughInterval().toMillis(), fail);
            this.writer = new CommitLogWriter(files, clock, offsets, batch -> {
                writtenListener.run();
                completeAll(batch);
            });
        }
        self[0] = writer;
    }

    /**
     * Runs on the writing thread after each batch of records is written (before it is answered), so a
     * reader of the log (dispatch) can be woken instead of polling. Set before {@link #start}.
     */
    public void setWrittenListener(Runnable listener) {
        this.writtenListener = listener;
    }

    /** Where the writer starts counting a queue's offsets. */
    @FunctionalInterface
    public interface QueueOffsetSeed {
        long initialOffset(String topic, int queueId);
    }

    private static void completeAll(ArrayList<AppendRequest> batch) {
        for (int i = 0; i < batch.size(); i++) {
            AppendRequest r = batch.get(i);
            r.future.complete(r.result);
        }
    }

    private void handOverToFlusher(ArrayList<AppendRequest> batch) {
        long deadline = nanoClock.getAsLong() + syncFlushTimeoutNanos;
        for (int i = 0; i < batch.size(); i++) {
            AppendRequest r = batch.get(i);
            r.deadlineNanos = deadline;
            groupCommit.enqueue(r);
        }
        groupCommit.signal();
    }

    public MappedFileQueue files() {
        return files;
    }

    /** Maps the segment files. */
    public void load() throws IOException {
        files.load();
    }

    /**
     * Validates records from {@code trustedOffset} (a record boundary below which the log is known
     * durable) and cuts the log at the first torn, corrupt or empty record.
     *
     * @return the recovered end of the log
     */
    public long recover(long trustedOffset) throws IOException {
        return CommitLogRecovery.recover(files, trustedOffset);
    }

    /** Starts the writer and the flusher threads. */
    public void start() {
        // Appends are written by the producing thread when the log is free (CommitLogWriter#drain); the
        // writer thread takes over a long queue. Both are woken when needed: no spinning on a small machine.
        writerRunner = new AgentRunner(writer, IdleStrategy.parkUntilWoken(10));
        writer.setHandOver(writerRunner::wakeUp);
        writerRunner.start();
        if (groupCommit != null) {
            flushRunner = new AgentRunner(groupCommit, IdleStrategy.parkUntilWoken(10));
            groupCommit.setWakeUp(flushRunner::wakeUp);
        } else {
            long park = Math.max(1, Math.min(10, config.flushInterval().toMillis()));
            flushRunner = new AgentRunner(periodicFlusher, IdleStrategy.upTo(park));
        }
        flushRunner.start();
        unmapRunner = new AgentRunner(new IdleSegmentUnmapper(files, UNMAP_IDLE.toNanos(), MAX_MAPPED_FOR_READING),
                IdleStrategy.parkUntilWoken(UNMAP_SWEEP_MILLIS)).start();
        running = true;
    }

    /** Disk-pressure monitor: while true, appends get DISK_FULL. */
    public void setDiskFull(boolean full) {
        this.diskFull = full;
    }

    public boolean isDiskFull() {
        return diskFull;
    }

    /** True after an I/O error: the log refuses writes until restarted. */
    public boolean isFailed() {
        return writer.isFailed();
    }

    /**
     * Any thread: appends one record, or a batch of records of the same topic queue, laid out
     * between {@code records}' position and limit (encoded by {@link MessageRecord#encode}). The buffer
     * must not change until the future completes.
     */
    public CompletableFuture<PutResult> append(ByteBuffer records, String topic, int queueId) {
        PutStatus refusal = refusal(records);
        if (refusal != null) {
            return CompletableFuture.completedFuture(PutResult.failure(refusal));
        }
        int sysFlag = MessageRecord.sysFlag(records, records.position());
        AppendRequest request = new AppendRequest(records, topic, queueId, MessageSysFlag.isDispatchable(sysFlag));
        writer.submit(request);
        writer.drain();
        return request.future;
    }

    private PutStatus refusal(ByteBuffer records) {
        if (!running || writer.isFailed()) {
            return PutStatus.SERVICE_NOT_AVAILABLE;
        }
        if (diskFull) {
            return PutStatus.DISK_FULL;
        }
        int total = records.remaining();
        if (total < MessageRecord.MIN_LENGTH || total > files.fileSize() - 8) {
            return PutStatus.MESSAGE_ILLEGAL;
        }
        int first = records.position();
        if (MessageRecord.totalSize(records, first) == total && total > config.maxMessageSize()) {
            return PutStatus.MESSAGE_ILLEGAL;
        }
        if (writer.pending() >= MAX_PENDING_APPENDS) {
            return PutStatus.OS_PAGE_CACHE_BUSY;
        }
        return null;
    }

    /** Offset of the oldest retained byte. */
    public long minOffset() {
        return files.minOffset();
    }

    /** One past the last written byte: records below it are complete. */
    public long maxOffset() {
        return files.maxOffset();
    }

    public long flushedOffset() {
        return files.flushedOffset();
    }

    /** Store timestamp of the newest written record (0 before the first write since start). */
    public long lastStoreTimestamp() {
        return writer.lastStoreTimestamp();
    }

    /**
     * A zero-copy view of {@code size} bytes at {@code offset} (a record whose size is known from its
     * consume-queue unit), or null when not (or no longer) in the log.
     */
    public SegmentSlice read(long offset, int size) {
        MappedFile mf = files.findByOffset(offset);
        if (mf == null || !mf.retain()) {
            return null;
        }
        int pos = (int) (offset - mf.fileFromOffset());
        if (size <= 0 || pos + size > mf.writePosition()) {
            mf.release();
            return null;
        }
        return new SegmentSlice(mf, mf.slice(pos, size), offset);
    }

    /** The whole record starting at {@code offset}, or null. */
    public SegmentSlice readRecord(long offset) {
        MappedFile mf = files.findByOffset(offset);
        if (mf == null || !mf.retain()) {
            return null;
        }
        int pos = (int) (offset - mf.fileFromOffset());
        int written = mf.writePosition();
        int size = pos + 4 <= written ? mf.buffer().getInt(pos) : -1;
        mf.release();
        return size > 0 ? read(offset, size) : null;
    }

    /** Store timestamp of the record at {@code offset}, or -1 when it is not in the log. */
    public long storeTimestamp(long offset) {
        MappedFile mf = files.findByOffset(offset);
        if (mf == null || !mf.retain()) {
            return -1;
        }
        try {
            int pos = (int) (offset - mf.fileFromOffset());
            return MessageRecord.storeTimestamp(mf.buffer(), pos);
        } finally {
            mf.release();
        }
    }

    /**
     * Stops the writer and the flusher: queued appends are answered, the log is flushed. Reads keep
     * working until {@link #close()}. Idempotent.
     */
    public void stop() {
        running = false;
        if (writerRunner != null) {
            writerRunner.close();
            writerRunner = null;
        }
        if (flushRunner != null) {
            flushRunner.close();
            flushRunner = null;
        }
        if (unmapRunner != null) {
            unmapRunner.close();
            unmapRunner = null;
        }
    }

    /** {@link #stop()}, then unmaps the segments. */
    @Override
    public void close() {
        stop();
        files.close();
    }
}
