package io.ferrymq.broker.schedule;

import io.ferrymq.broker.BrokerIdentity;
import io.ferrymq.broker.send.MessageWriter;
import io.ferrymq.broker.state.StateStore;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.GetStatus;
import io.ferrymq.store.MessageFilter;
import io.ferrymq.store.MessageStore;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers delayed messages: every {@code pollMillis}, for each delay level, reads its queue of
 * {@code SCHEDULE_TOPIC_XXXX} from the level's progress offset and re-puts every message whose time
 * (store time + level delay) has come to its {@code REAL_TOPIC}/{@code REAL_QID} without {@code DELAY}.
 * Progress advances only after the re-put is stored, and is saved by {@link #persist()}.
 *
 * <p>Exactly once across restarts. After a crash the saved progress may be older than the last re-puts:
 * a record stored before this start, due by then and not covered by the saved progress may or may not
 * have been delivered, so its real topic is looked up in the index first ({@link RedeliveryLookup},
 * shared with timer messages; the store finishes dispatching the log before it starts) and it is
 * re-put only when no copy is there. Without an index (messageIndexEnable=false): at least once.
 *
 * <p>Threads: {@link #doWork()} on the service's own thread (or the caller's, in tests, after
 * {@link #recover()} instead of {@link #start()}); {@link #persist()} and {@link #offsetTable()} from any.
 */
public final class ScheduleMessageService {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleMessageService.class);
    private static final int BATCH = 32;
    private static final long PUT_TIMEOUT_MILLIS = 10_000;

    private final MessageStore store;
    private final ParkedRedelivery redelivery;
    private final RedeliveryLookup delivered;
    private final StateStore<DelayOffsetTable> stateStore;
    private final InstantSource clock;
    private final long[] delayMillis;
    private final AtomicLongArray offsets;
    private final long pollMillis;
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("ScheduleMessageService", true));
    private volatile boolean dirty;
    /** Per level: the queue's end at {@link #recover()}; records below it may have been delivered before. */
    private long[] recoveryEnd;
    private long restartMillis;

    public ScheduleMessageService(MessageStore store, MessageWriter writer, BrokerIdentity identity,
                                  StateStore<DelayOffsetTable> stateStore, InstantSource clock, List<Duration> levels,
                                  long pollMillis) {
        this.store = store;
        this.redelivery = new ParkedRedelivery(writer, identity);
        this.delivered = new RedeliveryLookup(store, clock);
        this.stateStore = stateStore;
        this.clock = clock;
        this.delayMillis = levels.stream().mapToLong(Duration::toMillis).toArray();
        this.offsets = new AtomicLongArray(delayMillis.length);
        this.recoveryEnd = new long[delayMillis.length];
        this.pollMillis = pollMillis;
    }

    /** {@link #recover()}, then a round every {@code pollMillis} on the service's thread. */
    public void start() throws IOException {
        recover();
        thread.scheduleWithFixedDelay(this::runQuietly, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    /** Loads the saved progress and notes what was stored before this start. The store must be started. */
    public void recover() throws IOException {
        DelayOffsetTable saved = stateStore.load();
        if (saved != null && saved.getOffsetTable() != null) {
            saved.getOffsetTable().forEach((level, offset) -> {
                if (level != null && offset != null && level >= 1 && level <= delayMillis.length) {
                    offsets.set(level - 1, offset);
                }
            });
        }
        long[] ends = new long[delayMillis.length];
        for (int q = 0; q < ends.length; q++) {
            ends[q] = store.maxOffset(SystemTopics.SCHEDULE_TOPIC, q);
        }
        recoveryEnd = ends;
        restartMillis = clock.millis();
    }

    private void runQuietly() {
        try {
            doWork();
        } catch (Throwable e) {
            LOG.warn("delayed delivery round failed: {}", e.toString());
        }
    }

    /** One round over every level: re-puts what is due. Returns the records handled. */
    public int doWork() {
        int work = 0;
        for (int level = 1; level <= delayMillis.length; level++) {
            work += deliverDue(level);
        }
        return work;
    }

    private int deliverDue(int level) {
        int queueId = level - 1;
        int handled = 0;
        while (true) {
            long offset = offsets.get(queueId);
            GetResult result = store.getMessages(SystemTopics.SCHEDULE_TOPIC, queueId, offset, BATCH, Integer.MAX_VALUE,
                    MessageFilter.ALL);
            try {
                if (result.status() == GetStatus.OFFSET_TOO_SMALL || result.status() == GetStatus.OFFSET_OVERFLOW_BADLY
                        || result.status() == GetStatus.NO_MATCHED_MESSAGE
                        || result.status() == GetStatus.MESSAGE_WAS_REMOVING) {
                    if (result.nextBeginOffset() != offset) {
                        advance(queueId, result.nextBeginOffset());
                        continue;
                    }
                    return handled;
                }
                if (result.status() != GetStatus.FOUND) {
                    return handled;
                }
                long now = clock.millis();
                List<ByteBuffer> messages = result.messages();
                for (int i = 0; i < messages.size(); i++) {
                    ByteBuffer record = messages.get(i);
                    long due = MessageRecord.storeTimestamp(record, 0) + delayMillis[queueId];
                    if (due > now) {
                        return handled;
                    }
                    long queueOffset = result.queueOffsets().get(i);
                    // stored before this start and due by then: it may have been delivered after the last save
                    boolean verify = queueOffset < recoveryEnd[queueId] && due <= restartMillis;
                    if (!redeliver(MessageRecord.decode(record.duplicate(), true, false), verify)) {
                        return handled;
                    }
                    advance(queueId, queueOffset + 1);
                    handled++;
                }
            } finally {
                result.release();
            }
        }
    }

    /** False when the store refused for now (try again next round). */
    private boolean redeliver(MessageExt delayed, boolean verify) {
        if (verify && delivered.alreadyRedelivered(delayed)) {
            LOG.info("delayed message {} for {} was delivered before the restart; not again", delayed.getUniqKey(),
                    delayed.getProperty(MessageConst.REAL_TOPIC));
            return true;
        }
        return redelivery.redeliver(delayed, MessageConst.DELAY) != ParkedRedelivery.Outcome.RETRY_LATER;
    }

    private void advance(int queueId, long next) {
        offsets.set(queueId, next);
        dirty = true;
    }

    /** Saves the progress if it moved. */
    public void persist() throws IOException {
        if (!dirty) {
            return;
        }
        dirty = false;
        DelayOffsetTable table = new DelayOffsetTable();
        table.setOffsetTable(offsetTable());
        stateStore.save(table);
    }

    /** Delay level to the next offset of its queue in SCHEDULE_TOPIC_XXXX (GET_ALL_DELAY_OFFSET), a copy. */
    public Map<Integer, Long> offsetTable() {
        Map<Integer, Long> m = new HashMap<>();
        for (int i = 0; i < offsets.length(); i++) {
            m.put(i + 1, offsets.get(i));
        }
        return m;
    }

    public void shutdown() throws IOException {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(PUT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dirty = true;
        persist();
    }
}
