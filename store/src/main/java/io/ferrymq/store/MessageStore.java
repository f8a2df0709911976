package io.ferrymq.store;

import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.store.agent.AgentRunner;
import io.ferrymq.store.agent.IdleStrategy;
import io.ferrymq.store.checkpoint.StoreCheckpoint;
import io.ferrymq.store.commitlog.CommitLog;
import io.ferrymq.store.commitlog.PutResult;
import io.ferrymq.store.commitlog.PutStatus;
import io.ferrymq.store.config.StoreConfig;
import io.ferrymq.store.dispatch.ArrivalListener;
import io.ferrymq.store.dispatch.QueueFlusher;
import io.ferrymq.store.dispatch.ReputService;
import io.ferrymq.store.file.MappedFile;
import io.ferrymq.store.file.SegmentSlice;
import io.ferrymq.store.index.IndexService;
import io.ferrymq.store.queue.ConsumeQueue;
import io.ferrymq.store.queue.ConsumeQueueTable;
import io.ferrymq.store.queue.CqSlice;
import io.ferrymq.store.queue.QueueManifest;
import io.ferrymq.store.retention.DiskUsage;
import io.ferrymq.store.retention.RetentionService;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's message store: a {@link CommitLog} of every record, per-queue {@link ConsumeQueue}s
 * built by dispatch ({@link ReputService}), a {@link StoreCheckpoint}, and recovery on
 * {@link #start()}.
 *
 * <p>Lifecycle: construct, {@link #start()} (recovers, then starts the writer, flusher, dispatch and
 * queue-flush threads), use from any thread, {@link #shutdown()} (answers queued puts, dispatches the
 * rest, writes a final checkpoint, removes the {@code abort} marker).
 */
public final class MessageStore {

    private static final Logger LOG = LoggerFactory.getLogger(MessageStore.class);
    /** Consume-queue units scanned per read at most, so a filter matching nothing cannot stall a reader. */
    static final int MAX_SCANNED_UNITS = 16_000;
    /** Most messages one key query returns (RocketMQ's maxMsgsNumBatch). */
    public static final int MAX_QUERY_RESULTS = 64;
    /** Dispatch turns an appending thread runs before leaving the rest to the dispatch thread. */
    private static final int INLINE_DISPATCH_ROUNDS = 2;

    private final StoreConfig config;
    private final InstantSource clock;
    private final CommitLog commitLog;
    private final ConsumeQueueTable queues;
    private final ReputService reput;
    private final IndexService index;
    private final QueueManifest manifest;
    private final RetentionService retention;
    private StoreCheckpoint checkpoint;
    private QueueFlusher queueFlusher;
    private AgentRunner reputRunner;
    private AgentRunner queueFlushRunner;
    private AgentRunner retentionRunner;
    private volatile boolean running;

    public MessageStore(StoreConfig config, InstantSource clock, LongSupplier nanoClock, ArrivalListener listener) {
        this(config, clock, ZoneId.systemDefault(), nanoClock, listener,
                DiskUsage.of(config.rootDir(), config.commitLogDir()));
    }

    /**
     * @param zone time zone of deleteWhen hours
     * @param disk how full the store's disk is (retention and the DISK_FULL write gate)
     */
    public MessageStore(StoreConfig config, InstantSource clock, ZoneId zone, LongSupplier nanoClock,
                        ArrivalListener listener, DiskUsage disk) {
        this.config = config;
        this.clock = clock;
        this.queues = new ConsumeQueueTable(config.consumeQueueDir(), config.consumeQueueSegmentBytes());
        this.commitLog = new CommitLog(config, clock, nanoClock, (topic, queueId) -> {
            ConsumeQueue cq = queues.find(topic, queueId);
            return cq == null ? 0 : cq.maxOffset();
        });
        this.index = config.messageIndexEnable()
                ? new IndexService(config.indexDir(), config.maxHashSlotNum(), config.maxIndexNum()) : null;
        this.manifest = new QueueManifest(config.rootDir().resolve("consumequeue.manifest"));
        this.reput = new ReputService(commitLog, queues, config.messageDelayLevels(), listener,
                index == null ? List.of() : List.of(index));
        this.retention = new RetentionService(config, clock, zone, disk, this::deleteExpiredFiles, commitLog);
    }

    /** With the system clocks and no arrival listener. */
    public MessageStore(StoreConfig config) {
        this(config, InstantSource.system(), System::nanoTime, ArrivalListener.NONE);
    }

    /**
     * Recovers and starts. After a crash (the {@code abort} marker is still there) or not, the commit
     * log is validated from the checkpoint on, cut at the first bad record, consume-queue units and
     * index entries past the dispatch checkpoint are dropped and rebuilt from the log. When every
     * consume queue is gone, one listed in the queue manifest is missing, or the index is gone, the
     * whole retained log is re-dispatched (existing units are kept: puts are idempotent, and records
     * already indexed are skipped). So is it when a consume queue had to be set aside as damaged.
     */
    public void start() throws IOException {
        Files.createDirectories(config.rootDir());
        boolean crashed = Files.exists(config.abortFile());
        checkpoint = StoreCheckpoint.open(config.checkpointFile());
        StoreCheckpoint.Values cp = checkpoint.values();
        commitLog.load();
        queues.load();
        boolean indexMissing = false;
        if (index != null) {
            index.load();
            indexMissing = index.isEmpty();
        }
        long end = commitLog.recover(Math.min(cp.commitLogFlushedOffset(), cp.dispatchedOffset()));
        long trusted = Math.max(Math.min(cp.dispatchedOffset(), end), commitLog.minOffset());
        queues.truncateFromPhysical(trusted);
        if (index != null) {
            index.recover(trusted);
        }
        long reputFrom = trusted;
        if (end > commitLog.minOffset() && trusted > commitLog.minOffset() && needsFullRedispatch(indexMissing)) {
            reputFrom = commitLog.minOffset();
        }
        reput.setReputOffset(reputFrom);
        reput.dispatchUntil(end);
        queues.correctMinOffset(commitLog.minOffset());
        manifest.update(queues);
        LOG.info("store recovered ({} shutdown): commit log [{}, {}), re-dispatched from {}",
                crashed ? "after an unclean" : "after a clean", commitLog.minOffset(), end, reputFrom);
        Files.write(config.abortFile(), new byte[0]);
        // The appending thread dispatches what it wrote (ReputService#dispatchAvailable); the agent thread
        // takes over what is left and polls every 1 ms (queued commands, a dispatcher that found work busy).
        reputRunner = new AgentRunner(reput, IdleStrategy.parkUntilWoken(1)).start();
        commitLog.setWrittenListener(() -> {
            if (reput.dispatchAvailable(INLINE_DISPATCH_ROUNDS)) {
                reputRunner.wakeUp();
            }
        });
        commitLog.start();
        queueFlusher = new QueueFlusher(commitLog, queues, reput, checkpoint, clock,
                config.flushIntervalConsumeQueue().toMillis(), this::flushDispatchOutputs);
        queueFlushRunner = new AgentRunner(queueFlusher, IdleStrategy.upTo(10)).start();
        retentionRunner = new AgentRunner(retention, IdleStrategy.upTo(100)).start();
        running = true;
    }

    private boolean needsFullRedispatch(boolean indexMissing) throws IOException {
        if (queues.all().isEmpty()) {
            LOG.warn("no consume queues on disk: rebuilding them from the whole commit log");
            return true;
        }
        boolean missing = queues.damagedCount() > 0;
        for (QueueManifest.Entry e : manifest.read()) {
            if (queues.find(e.topic(), e.queueId()) == null) {
                LOG.warn("consume queue {}/{} is missing on disk though it was dispatched: rebuilding it from the "
                        + "commit log", e.topic(), e.queueId());
                missing = true;
            }
        }
        if (indexMissing) {
            LOG.warn("no index files on disk: rebuilding the index from the whole commit log");
            missing = true;
        }
        return missing;
    }

    private void flushDispatchOutputs() throws IOException {
        if (index != null) {
            index.flush();
        }
        manifest.update(queues);
    }

    /** Stops everything in order; the next start is fast. */
    public void shutdown() throws IOException {
        if (!running) {
            return;
        }
        running = false;
        retentionRunner.close();
        commitLog.stop();
        reputRunner.close();
        reput.dispatchUntil(commitLog.maxOffset());
        queueFlushRunner.close();
        queues.close();
        if (index != null) {
            index.close();
        }
        commitLog.close();
        checkpoint.close();
        Files.deleteIfExists(config.abortFile());
    }

    public StoreConfig config() {
        return config;
    }

    public CommitLog commitLog() {
        return commitLog;
    }

    public ConsumeQueueTable consumeQueues() {
        return queues;
    }

    /** Commit-log offset up to which messages are visible in consume queues. */
    public long dispatchedOffset() {
        return reput.reputOffset();
    }

    /** The retention and disk-space service (runs on its own thread from {@link #start()}). */
    public RetentionService retention() {
        return retention;
    }

    /** Queues a change to the consume queues on the dispatch thread (retention). */
    public void onDispatchThread(ReputService.Command command) {
        reput.execute(command);
    }

    /**
     * One retention pass (the caller decides when: deleteWhen hours, disk pressure): deletes up to
     * deleteFileBatchMax commit-log segments older than fileReservedTime (any old ones when
     * {@code force}), never the active one, then has dispatch move consume-queue minimum offsets and
     * drop their obsolete segments.
     *
     * @return commit-log segments deleted
     */
    public int deleteExpiredFiles(boolean force) throws IOException {
        int deleted = commitLog.files().deleteExpired(clock.millis(), config.fileReservedTime().toMillis(),
                config.deleteFileBatchMax(), force);
        if (deleted > 0) {
            long min = commitLog.minOffset();
            reput.execute(() -> {
                queues.correctMinOffset(min);
                if (index != null) {
                    index.deleteBelow(min);
                }
            });
        }
        return deleted;
    }

    // ------------------------------------------------------------------ writes

    /**
     * Encodes {@code msg} on the caller's thread and appends it; the store host, born host, topic and
     * queue id must be set. Queue offset, physical offset and store timestamp are assigned by the writer.
     */
    public CompletableFuture<PutResult> putMessage(MessageExt msg) {
        byte[] topic = msg.getTopic().getBytes(StandardCharsets.UTF_8);
        byte[] properties = MessageProperties.encode(msg.getProperties()).getBytes(StandardCharsets.UTF_8);
        if (properties.length > MessageRecord.MAX_PROPERTIES_LENGTH) {
            return CompletableFuture.completedFuture(PutResult.failure(PutStatus.PROPERTIES_SIZE_EXCEEDED));
        }
        if (topic.length > MessageRecord.MAX_TOPIC_LENGTH || msg.getBornHost() == null || msg.getStoreHost() == null) {
            return CompletableFuture.completedFuture(PutResult.failure(PutStatus.MESSAGE_ILLEGAL));
        }
        int bodyLength = msg.getBody() == null ? 0 : msg.getBody().length;
        int size = MessageRecord.recordSize(bodyLength, topic.length, properties.length, isV6(msg.getBornHost()),
                isV6(msg.getStoreHost()));
        if (size > config.maxMessageSize()) {
            return CompletableFuture.completedFuture(PutResult.failure(PutStatus.MESSAGE_ILLEGAL));
        }
        ByteBuffer record = ByteBuffer.allocate(size);
        try {
            MessageRecord.encode(record, msg, topic, properties);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(PutResult.failure(PutStatus.MESSAGE_ILLEGAL));
        }
        record.flip();
        return commitLog.append(record, msg.getTopic(), msg.getQueueId());
    }

    private static boolean isV6(InetSocketAddress address) {
        return address.getAddress() instanceof Inet6Address;
    }

    /** Appends records already encoded (one, or a batch for one queue) between position and limit. */
    public CompletableFuture<PutResult> putRecords(ByteBuffer records, String topic, int queueId) {
        return commitLog.append(records, topic, queueId);
    }

    // ------------------------------------------------------------------ reads

    /**
     * Up to {@code maxCount} messages (and about {@code maxBytes}, at least one) of a queue from
     * logical {@code offset} whose tags code passes {@code filter} (and, for a filter that
     * {@link MessageFilter#needsRecord needs the record}, whose stored record passes it too), as zero-copy
     * slices of the log. Units that do not pass are skipped: {@link GetResult#nextBeginOffset()} moves past
     * them either way. The result must be released.
     */
    public GetResult getMessages(String topic, int queueId, long offset, int maxCount, int maxBytes,
                                 MessageFilter filter) {
        return get(topic, queueId, offset, maxCount, maxBytes, filter, null);
    }

    /**
     * Receives each record of {@link #copyMessages} while its segment is held: {@code segment} is the
     * whole mapped segment (never change its position or limit), the record is {@code size} bytes at
     * {@code position}. Copy it before returning.
     */
    @FunctionalInterface
    public interface RecordSink {
        void accept(ByteBuffer segment, int position, int size);
    }

    /**
     * {@link #getMessages}, but each record is handed to {@code sink} (to be copied, for example into a
     * network buffer) instead of being sliced: no object per record, and no segment held after the call.
     * The result has counts and offsets but no slices; releasing it is not needed.
     */
    public GetResult copyMessages(String topic, int queueId, long offset, int maxCount, int maxBytes,
                                  MessageFilter filter, RecordSink sink) {
        return get(topic, queueId, offset, maxCount, maxBytes, filter, sink);
    }

    private GetResult get(String topic, int queueId, long offset, int maxCount, int maxBytes, MessageFilter filter,
                          RecordSink sink) {
        ConsumeQueue cq = queues.find(topic, queueId);
        if (cq == null) {
            return GetResult.empty(GetStatus.NO_MATCHED_LOGIC_QUEUE, 0, 0, 0);
        }
        long min = cq.minOffset();
        long max = cq.maxOffset();
        if (max == 0) {
            return GetResult.empty(GetStatus.NO_MESSAGE_IN_QUEUE, 0, min, max);
        }
        if (offset < min) {
            return GetResult.empty(GetStatus.OFFSET_TOO_SMALL, min, min, max);
        }
        if (offset == max) {
            return GetResult.empty(GetStatus.OFFSET_OVERFLOW_ONE, offset, min, max);
        }
        if (offset > max) {
            return GetResult.empty(GetStatus.OFFSET_OVERFLOW_BADLY, min == 0 ? min : max, min, max);
        }
        return read(cq, offset, Math.min(maxCount, config.maxTransferCount()),
                Math.min(maxBytes, config.maxTransferBytes()), filter, min, max, sink);
    }

    /** Slices the records into the result (sink null) or hands them to the sink. */
    private GetResult read(ConsumeQueue cq, long offset, int maxCount, int maxBytes, MessageFilter filter,
                           long min, long max, RecordSink sink) {
        List<ByteBuffer> messages = sink == null ? new ArrayList<>(Math.min(maxCount, 32)) : List.of();
        List<Long> offsets = sink == null ? new ArrayList<>(Math.min(maxCount, 32)) : List.of();
        List<MappedFile> retained = new ArrayList<>(2);
        long next = offset;
        int count = 0;
        int bytes = 0;
        int scanned = 0;
        boolean removed = false;
        boolean needsRecord = filter.needsRecord();
        MappedFile current = null;
        try {
            scan:
            while (next < max && scanned < MAX_SCANNED_UNITS) {
                CqSlice units = cq.slice(next);
                if (units == null) {
                    break;
                }
                try {
                    for (int i = 0; i < units.count() && scanned < MAX_SCANNED_UNITS; i++) {
                        int size = units.size(i);
                        if (count >= maxCount || (count > 0 && bytes + size > maxBytes)) {
                            break scan;
                        }
                        scanned++;
                        long physical = units.physicalOffset(i);
                        if (filter.matches(units.tagsCode(i))) {
                            if (current == null || physical < current.fileFromOffset()
                                    || physical >= current.fileFromOffset() + current.fileSize()) {
                                current = commitLog.files().findByOffset(physical);
                                if (current == null || !current.retain()) {
                                    current = null;
                                    removed = true;
                                    next++;
                                    continue;
                                }
                                retained.add(current);
                            }
                            int pos = (int) (physical - current.fileFromOffset());
                            ByteBuffer record = sink == null || needsRecord ? current.slice(pos, size) : null;
                            if (!needsRecord || filter.matchesRecord(record)) {
                                if (sink == null) {
                                    messages.add(record);
                                    offsets.add(next);
                                } else {
                                    sink.accept(current.buffer(), pos, size);
                                }
                                count++;
                                bytes += size;
                            }
                        }
                        next++;
                    }
                } finally {
                    units.release();
                }
            }
        } catch (RuntimeException e) {
            retained.forEach(MappedFile::release);
            throw e;
        }
        GetStatus status = count > 0 ? GetStatus.FOUND
                : removed ? GetStatus.MESSAGE_WAS_REMOVING : GetStatus.NO_MATCHED_MESSAGE;
        if (sink != null) {
            retained.forEach(MappedFile::release);
            retained.clear();
        }
        return new GetResult(status, next, min, max, messages, offsets, retained, count, bytes);
    }

    /**
     * True when reading the queue at {@code offset} touches only memory in use: the offset is outside
     * the queue (nothing to read), or its record lies in a commit-log segment that is mapped because it
     * was written or read moments ago. Lets the broker answer such reads without a thread hand-off; a
     * read of older data may wait for the disk and goes to the pull executor.
     */
    public boolean isReadInMemory(String topic, int queueId, long offset) {
        ConsumeQueue cq = queues.find(topic, queueId);
        if (cq == null || offset < cq.minOffset() || offset >= cq.maxOffset()) {
            return true;
        }
        CqSlice units = cq.slice(offset);
        if (units == null) {
            return true;
        }
        try {
            return isLogOffsetInMemory(units.physicalOffset(0));
        } finally {
            units.release();
        }
    }

    /** True when the commit-log record at {@code physicalOffset} lies in a mapped (recently used) segment, or nowhere. */
    public boolean isLogOffsetInMemory(long physicalOffset) {
        MappedFile segment = commitLog.files().findByOffset(physicalOffset);
        return segment == null || segment.isMapped();
    }

    /** First offset still in the queue (0 when unknown). */
    public long minOffset(String topic, int queueId) {
        ConsumeQueue cq = queues.find(topic, queueId);
        return cq == null ? 0 : cq.minOffset();
    }

    /** Next offset to be written in the queue = number of messages ever dispatched to it. */
    public long maxOffset(String topic, int queueId) {
        ConsumeQueue cq = queues.find(topic, queueId);
        return cq == null ? 0 : cq.maxOffset();
    }

    /**
     * The first queue offset whose message was stored at or after {@code timestampMillis}; the queue's
     * max offset when every message is older, its min offset when every message is newer.
     */
    public long offsetByTime(String topic, int queueId, long timestampMillis) {
        ConsumeQueue cq = queues.find(topic, queueId);
        if (cq == null) {
            return 0;
        }
        return cq.search((physical, size, tags) -> {
            long ts = commitLog.storeTimestamp(physical);
            return ts < 0 || ts >= timestampMillis;
        });
    }

    /** Store timestamp of the oldest message of the queue, or -1. */
    public long earliestMessageTime(String topic, int queueId) {
        ConsumeQueue cq = queues.find(topic, queueId);
        if (cq == null) {
            return -1;
        }
        long[] physical = {-1};
        if (!cq.read(cq.minOffset(), (phy, size, tags) -> physical[0] = phy)) {
            return -1;
        }
        return commitLog.storeTimestamp(physical[0]);
    }

    /** The record at commit-log offset {@code physicalOffset} (a view; release it), or null. */
    public SegmentSlice messageByPhysicalOffset(long physicalOffset) {
        return commitLog.readRecord(physicalOffset);
    }

    /**
     * Up to {@code maxNum} (at most {@value #MAX_QUERY_RESULTS}) messages of {@code topic} stored in
     * {@code [beginTimestamp, endTimestamp]} (ms) whose KEYS contain {@code key} or whose UNIQ_KEY is
     * {@code key}, newest first, as zero-copy slices; release the result. Index candidates are checked
     * against the record itself (valid, CRC included, in the log, same topic and key), so hash collisions
     * and stale entries never show. Empty when the index is disabled.
     */
    public QueryResult queryMessage(String topic, String key, int maxNum, long beginTimestamp, long endTimestamp) {
        List<SegmentSlice> found = new ArrayList<>();
        if (index == null || maxNum <= 0) {
            return new QueryResult(found, 0, reput.reputOffset());
        }
        int limit = Math.min(maxNum, MAX_QUERY_RESULTS);
        byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        HashSet<Long> seen = new HashSet<>();
        index.query(topic, key, beginTimestamp, endTimestamp, physical -> {
            if (!seen.add(physical) || physical >= reput.reputOffset()) {
                return true;
            }
            SegmentSlice slice = commitLog.readRecord(physical);
            if (slice == null) {
                return true;
            }
            if (IndexedRecords.matches(slice.buffer(), physical, topicBytes, key, beginTimestamp, endTimestamp)) {
                found.add(slice);
            } else {
                slice.release();
            }
            return found.size() < limit;
        });
        return new QueryResult(found, index.lastTimestamp(), reput.reputOffset());
    }

    /** Commit-log offset of the message at {@code queueOffset} of a queue, or -1. */
    public long physicalOffsetOf(String topic, int queueId, long queueOffset) {
        ConsumeQueue cq = queues.find(topic, queueId);
        long[] physical = {-1};
        if (cq != null) {
            cq.read(queueOffset, (phy, size, tags) -> physical[0] = phy);
        }
        return physical[0];
    }
}
