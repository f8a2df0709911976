package io.ferrymq.store.dispatch;

import io.ferrymq.common.message.BlankRecord;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.message.TagHash;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.store.agent.Agent;
import io.ferrymq.store.agent.SharedTurn;
import io.ferrymq.store.commitlog.CommitLog;
import io.ferrymq.store.file.MappedFile;
import io.ferrymq.store.queue.ConsumeQueue;
import io.ferrymq.store.queue.ConsumeQueueTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatch ("reput"): follows the commit log from {@link #reputOffset()} and writes a consume-queue
 * unit for every record of transaction type NOT or COMMIT. A message is visible to readers only once
 * this has run. Consume-queue puts are idempotent, so re-dispatching after a restart is harmless.
 *
 * <p>Threads: one dispatcher at a time writes the consume queues and the index: usually the thread
 * that has just appended to the commit log ({@link #dispatchAvailable}, so a message is visible when
 * its producer is answered and no thread is woken per append), else this agent's thread, which polls
 * and takes over when an appender leaves work behind. A thread that finds dispatch busy leaves its
 * records to the dispatcher, which looks at the log again after letting go. Other threads change the
 * queues only through {@link #execute} (retention's min-offset correction), run at the start of a
 * turn. An I/O error stops dispatch for good (sticky), logged once.
 */
public final class ReputService implements Agent {

    private static final Logger LOG = LoggerFactory.getLogger(ReputService.class);
    private static final int BUDGET = 4096;
    private static final byte[] SCHEDULE_TOPIC = SystemTopics.SCHEDULE_TOPIC.getBytes(StandardCharsets.UTF_8);
    private static final byte[] DELAY = MessageConst.DELAY.getBytes(StandardCharsets.UTF_8);

    private final CommitLog commitLog;
    private final ConsumeQueueTable queues;
    private final long[] delayMillis;
    private final ArrivalListener listener;
    private final RecordDispatcher[] dispatchers;
    private final Queue<Command> commands = new ConcurrentLinkedQueue<>();
    /** Held by the thread dispatching: the only one touching the queues, the index and the caches below. */
    private final SharedTurn turn = new SharedTurn();
    private volatile long reputOffset;
    private volatile long lastTimestamp;
    private volatile boolean failed;
    private byte[] lastTopicBytes;
    private String lastTopic;
    private int lastQueueId = -1;
    private ConsumeQueue lastQueue;

    public ReputService(CommitLog commitLog, ConsumeQueueTable queues, List<Duration> delayLevels,
                        ArrivalListener listener) {
        this(commitLog, queues, delayLevels, listener, List.of());
    }

    /** @param dispatchers offered every record after the consume queues, in order (the index) */
    public ReputService(CommitLog commitLog, ConsumeQueueTable queues, List<Duration> delayLevels,
                        ArrivalListener listener, List<RecordDispatcher> dispatchers) {
        this.commitLog = commitLog;
        this.queues = queues;
        this.delayMillis = delayLevels.stream().mapToLong(Duration::toMillis).toArray();
        this.listener = listener;
        this.dispatchers = dispatchers.toArray(new RecordDispatcher[0]);
    }

    /** A change to the consume queues to run on the dispatch thread. */
    @FunctionalInterface
    public interface Command {
        void run() throws IOException;
    }

    @Override
    public String roleName() {
        return "ferrymq-reput";
    }

    /** Commit-log offset up to which every record is dispatched. Any thread. */
    public long reputOffset() {
        return reputOffset;
    }

    /** Store timestamp of the last dispatched record (0 = none since start). */
    public long lastTimestamp() {
        return lastTimestamp;
    }

    /** Before start only. */
    public void setReputOffset(long offset) {
        this.reputOffset = offset;
    }

    public boolean isFailed() {
        return failed;
    }

    /** Any thread: queues a change to the consume queues. */
    public void execute(Command command) {
        commands.add(command);
    }

    @Override
    public int doWork() {
        return dispatchTurns(1);
    }

    /**
     * Any thread: runs queued commands and dispatches the records written so far, for at most
     * {@code maxTurns} turns of {@link #BUDGET} records, unless another thread is dispatching (which
     * then dispatches them too).
     *
     * @return true when it stopped with records or commands left (wake the agent thread)
     */
    public boolean dispatchAvailable(int maxTurns) {
        return dispatchTurns(maxTurns) >= maxTurns && hasWork();
    }

    /** Turns that did work, at most {@code maxTurns}. */
    private int dispatchTurns(int maxTurns) {
        // a turn that does nothing (segment not readable now) ends the call: the agent polls
        return turn.take(this::hasWork, () -> runCommands() + dispatch(commitLog.maxOffset(), BUDGET), maxTurns);
    }

    private boolean hasWork() {
        return !commands.isEmpty() || (!failed && reputOffset < commitLog.maxOffset());
    }

    private int runCommands() {
        int work = 0;
        Command c;
        while ((c = commands.poll()) != null) {
            try {
                c.run();
            } catch (IOException | RuntimeException e) {
                LOG.error("consume-queue command failed", e);
            }
            work++;
        }
        return work;
    }

    /** Recovery, before start: dispatches everything up to {@code end}. */
    public void dispatchUntil(long end) {
        while (reputOffset < end && !failed) {
            if (dispatch(end, Integer.MAX_VALUE) == 0) {
                break;
            }
        }
    }

    private int dispatch(long end, int budget) {
        if (failed || reputOffset >= end) {
            return 0;
        }
        if (reputOffset < commitLog.minOffset()) {
            LOG.warn("dispatch at {} fell behind retention; skipping to {}", reputOffset, commitLog.minOffset());
            reputOffset = commitLog.minOffset();
        }
        MappedFile mf = commitLog.files().findByOffset(reputOffset);
        if (mf == null || !mf.retain()) {
            return 0;
        }
        int n = 0;
        try {
            ByteBuffer buf = mf.buffer();
            long from = mf.fileFromOffset();
            int pos = (int) (reputOffset - from);
            int limit = (int) Math.min(mf.writePosition(), end - from);
            while (pos < limit && n < budget) {
                if (BlankRecord.isBlank(buf, pos)) {
                    pos = mf.fileSize();
                    break;
                }
                int size = MessageRecord.totalSize(buf, pos);
                dispatchRecord(buf, pos, from + pos, size);
                pos += size;
                reputOffset = from + pos;
                n++;
            }
            if (pos >= mf.fileSize()) {
                reputOffset = from + mf.fileSize();
                n++;
            }
        } catch (IOException | RuntimeException e) {
            failed = true;
            LOG.error("dispatch failed at {}; consume queues stop growing until restart", reputOffset, e);
        } finally {
            mf.release();
        }
        return n;
    }

    private void dispatchRecord(ByteBuffer buf, int pos, long physicalOffset, int size) throws IOException {
        int sysFlag = MessageRecord.sysFlag(buf, pos);
        long storeTimestamp = MessageRecord.storeTimestamp(buf, pos);
        lastTimestamp = storeTimestamp;
        if (MessageSysFlag.isDispatchable(sysFlag)) {
            dispatchToQueue(buf, pos, physicalOffset, size, storeTimestamp);
        }
        for (RecordDispatcher d : dispatchers) {
            d.dispatch(buf, pos, physicalOffset, size);
        }
    }

    private void dispatchToQueue(ByteBuffer buf, int pos, long physicalOffset, int size, long storeTimestamp)
            throws IOException {
        int queueId = MessageRecord.queueId(buf, pos);
        ConsumeQueue cq = queueOf(buf, pos, queueId);
        boolean delayed = MessageRecord.topicEquals(buf, pos, SCHEDULE_TOPIC);
        long tagsCode = delayed ? deliveryTime(buf, pos, storeTimestamp) : TagHash.ofRecord(buf, pos);
        long queueOffset = MessageRecord.queueOffset(buf, pos);
        if (cq.put(queueOffset, physicalOffset, size, tagsCode) == ConsumeQueue.PutStatus.WRITTEN) {
            listener.arrived(lastTopic, queueId, queueOffset, tagsCode);
        }
    }

    private ConsumeQueue queueOf(ByteBuffer buf, int pos, int queueId) {
        if (lastQueue != null && queueId == lastQueueId && MessageRecord.topicEquals(buf, pos, lastTopicBytes)) {
            return lastQueue;
        }
        lastTopic = MessageRecord.topic(buf, pos);
        lastTopicBytes = lastTopic.getBytes(StandardCharsets.UTF_8);
        lastQueueId = queueId;
        lastQueue = queues.findOrCreate(lastTopic, queueId);
        return lastQueue;
    }

    private long deliveryTime(ByteBuffer buf, int pos, long storeTimestamp) {
        int lengthPos = MessageRecord.propertiesLengthPosition(buf, pos);
        long range = MessageProperties.find(buf, lengthPos + 2, buf.getShort(lengthPos), DELAY);
        int level = 0;
        if (range != MessageProperties.NOT_FOUND) {
            int at = MessageProperties.rangeOffset(range);
            int len = MessageProperties.rangeLength(range);
            for (int i = 0; i < len; i++) {
                byte b = buf.get(at + i);
                if (b < '0' || b > '9' || level > 1000) {
                    level = 0;
                    break;
                }
                level = level * 10 + (b - '0');
            }
        }
        if (level <= 0 || delayMillis.length == 0) {
            return storeTimestamp;
        }
        return storeTimestamp + delayMillis[Math.min(level, delayMillis.length) - 1];
    }
}
