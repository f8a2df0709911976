package io.ferrymq.broker.timer;

import io.ferrymq.broker.schedule.ParkedRedelivery;
import io.ferrymq.broker.schedule.RedeliveryLookup;
import io.ferrymq.broker.state.StateStore;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.GetStatus;
import io.ferrymq.store.MessageFilter;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.file.SegmentSlice;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers timer messages: reads what {@link TimerRewrite} parked in {@code rmq_sys_wheel_timer} queue 0
 * into a {@link TimerWheel} (delivery time and where the record is), and every {@code tickMillis} re-puts
 * the due ones to their real topic and queue ({@link ParkedRedelivery}), not before their time.
 *
 * <p>Exactly once across restarts. The log is the truth; {@link TimerProgress} (saved by {@link #persist()}
 * and at shutdown) says from where to read it again and which of those timers are delivered for sure.
 * After a crash, a timer that was due before the restart and is not covered by the saved progress may or
 * may not have been delivered: its real topic is looked up by unique key in the index (the store finishes
 * dispatching the log before it starts), and it is delivered only if no copy with the same
 * {@code TIMER_OUT_MS} is there. Timers without an index (messageIndexEnable=false) fall back to at least
 * once.
 *
 * <p>Threads: everything but {@link #persist()}, {@link #pendingCount()} and {@link #shutdown()} runs on
 * the service's own thread (or the caller of {@link #recover()} and {@link #doWork()} in tests).
 */
public final class TimerMessageService {
    private static final Logger LOG = LoggerFactory.getLogger(TimerMessageService.class);
    private static final int BATCH = 256;
    private static final int MAX_INGEST_PER_ROUND = 64 * BATCH;
    private static final long SHUTDOWN_WAIT_MILLIS = 10_000;
    private static final byte[] TIMER_OUT_MS_UTF8 = MessageConst.TIMER_OUT_MS.getBytes(StandardCharsets.UTF_8);

    private final MessageStore store;
    private final ParkedRedelivery redelivery;
    private final RedeliveryLookup delivered;
    private final StateStore<TimerProgress> stateStore;
    private final InstantSource clock;
    private final long tickMillis;
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("TimerMessageService", true));

    // timer-thread state
    private final TimerWheel wheel = new TimerWheel();
    private final PendingOffsets pending = new PendingOffsets();
    private TimerProgress recovered = new TimerProgress();
    private long recoveryEnd;
    private long restartMillis;
    private long ingestOffset;

    private volatile TimerProgress latest;
    private TimerProgress saved;
    private volatile int pendingCount;

    public TimerMessageService(MessageStore store, ParkedRedelivery redelivery, StateStore<TimerProgress> stateStore,
                               InstantSource clock, long tickMillis) {
        this.store = store;
        this.redelivery = redelivery;
        this.delivered = new RedeliveryLookup(store, clock);
        this.stateStore = stateStore;
        this.clock = clock;
        this.tickMillis = tickMillis;
    }

    /** {@link #recover()}, then a round every tick on the service's thread. */
    public void start() throws IOException {
        recover();
        thread.scheduleWithFixedDelay(this::runQuietly, 0, tickMillis, TimeUnit.MILLISECONDS);
    }

    /** Loads the saved progress; the next rounds read the timer topic again from where it says. */
    public void recover() throws IOException {
        TimerProgress p = stateStore.load();
        recovered = p == null ? new TimerProgress() : p;
        saved = recovered;
        recoveryEnd = store.maxOffset(SystemTopics.TIMER_TOPIC, 0);
        restartMillis = clock.millis();
        ingestOffset = Math.max(recovered.getScanFromOffset(), store.minOffset(SystemTopics.TIMER_TOPIC, 0));
        pending.reset(ingestOffset);
        latest = new TimerProgress(ingestOffset, recovered.getIngestedOffset(), recovered.getDeliveredBeforeMs());
        LOG.info("timer messages: recovering from queue offset {} to {} ({})", ingestOffset, recoveryEnd, recovered);
    }

    private void runQuietly() {
        try {
            doWork();
        } catch (Throwable e) {
            LOG.warn("timer round failed: {}", e.toString());
        }
    }

    /** One round: reads newly parked timers, delivers the due ones, publishes the progress. Returns work done. */
    public int doWork() {
        int work = ingest();
        long now = clock.millis();
        int before = wheel.size();
        boolean complete = wheel.drainDue(now, this::deliver);
        work += before - wheel.size();
        pendingCount = wheel.size();
        TimerProgress last = latest;
        // after a complete round, everything read so far that is due by now is delivered; else keep the old claim
        latest = complete ? new TimerProgress(pending.min(ingestOffset), ingestOffset, now + 1)
                : new TimerProgress(pending.min(ingestOffset), last.getIngestedOffset(), last.getDeliveredBeforeMs());
        return work;
    }

    private int ingest() {
        int ingested = 0;
        while (ingested < MAX_INGEST_PER_ROUND) {
            GetResult r = store.getMessages(SystemTopics.TIMER_TOPIC, 0, ingestOffset, BATCH, Integer.MAX_VALUE,
                    MessageFilter.ALL);
            try {
                if (r.status() == GetStatus.OFFSET_TOO_SMALL) {
                    LOG.warn("timer topic records below {} were deleted before delivery", r.nextBeginOffset());
                    ingestOffset = r.nextBeginOffset();
                    pending.reset(ingestOffset);
                    continue;
                }
                if (r.status() == GetStatus.OFFSET_OVERFLOW_BADLY) {
                    LOG.warn("timer topic ends at {}, before the saved read position {}; reading from there",
                            r.maxOffset(), ingestOffset);
                    ingestOffset = r.maxOffset();
                    return ingested;
                }
                if (r.status() != GetStatus.FOUND) {
                    if ((r.status() == GetStatus.NO_MATCHED_MESSAGE || r.status() == GetStatus.MESSAGE_WAS_REMOVING)
                            && r.nextBeginOffset() > ingestOffset) {
                        ingestOffset = r.nextBeginOffset();
                        continue;
                    }
                    return ingested;
                }
                List<ByteBuffer> records = r.messages();
                for (int i = 0; i < records.size(); i++) {
                    admit(records.get(i), r.queueOffsets().get(i));
                }
                ingested += records.size();
                ingestOffset = r.nextBeginOffset();
            } finally {
                r.release();
            }
        }
        return ingested;
    }

    /** Puts one parked record in the wheel, unless the saved progress says it was delivered. */
    private void admit(ByteBuffer record, long queueOffset) {
        long due = deliverMs(record);
        boolean verify = false;
        if (queueOffset < recoveryEnd) {
            if (queueOffset < recovered.getIngestedOffset() && due < recovered.getDeliveredBeforeMs()) {
                return;
            }
            // stored before this start and due by then: it may have been delivered after the last save
            verify = due <= restartMillis;
        }
        wheel.add(due, queueOffset, MessageRecord.physicalOffset(record, 0), verify);
        pending.add(queueOffset);
    }

    /** TIMER_OUT_MS of a parked record; its store time when missing or bad (delivered, or skipped, at once). */
    private static long deliverMs(ByteBuffer record) {
        String deliverMs = MessageRecord.property(record, 0, TIMER_OUT_MS_UTF8);
        if (deliverMs != null) {
            try {
                return Long.parseLong(deliverMs);
            } catch (NumberFormatException e) {
                LOG.warn("timer record at {} has a bad TIMER_OUT_MS", MessageRecord.physicalOffset(record, 0));
            }
        }
        return MessageRecord.storeTimestamp(record, 0);
    }

    private boolean deliver(long deliverMs, long queueOffset, long physicalOffset, boolean verify) {
        MessageExt parked;
        try (SegmentSlice slice = store.messageByPhysicalOffset(physicalOffset)) {
            if (slice == null) {
                LOG.warn("timer message at {} (due {}) is no longer in the commit log; dropped", physicalOffset,
                        deliverMs);
                pending.remove(queueOffset);
                return true;
            }
            parked = MessageRecord.decode(slice.buffer().duplicate(), true, false);
        }
        if (verify && delivered.alreadyRedelivered(parked)) {
            LOG.info("timer message {} was delivered before the restart; not again", parked.getUniqKey());
            pending.remove(queueOffset);
            return true;
        }
        if (redelivery.redeliver(parked) == ParkedRedelivery.Outcome.RETRY_LATER) {
            return false;
        }
        pending.remove(queueOffset);
        return true;
    }

    /** Timers read and not delivered yet. */
    public int pendingCount() {
        return pendingCount;
    }

    /** Saves the latest progress if it moved. */
    public synchronized void persist() throws IOException {
        TimerProgress p = latest;
        if (p == null || p == saved) {
            return;
        }
        stateStore.save(p);
        saved = p;
    }

    /** Stops the rounds (waiting for the current one) and saves the progress. */
    public void shutdown() throws IOException {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(SHUTDOWN_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        persist();
    }
}
