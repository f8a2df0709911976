package io.ferrymq.client.consumer.internal;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.consumer.ConsumeResult;
import io.ferrymq.client.consumer.OrderlyListener;
import io.ferrymq.common.message.MessageExt;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Orderly consumption: each queue is consumed by at most one thread at a time (one task per queue,
 * holding the queue's consume lock), message by message in offset order. A failure gives the message
 * back and suspends the queue for {@code suspendOnFailure}; after {@code maxReconsumeTimes} local
 * retries (if set) the message is dead-lettered so the queue can move on. In clustering a queue is only
 * consumed while this client holds its broker lock.
 */
public final class OrderlyConsumeService implements ConsumeService {
    private static final Logger LOG = LoggerFactory.getLogger(OrderlyConsumeService.class);
    /** A queue yields its thread after this long, so that busy queues share the threads fairly. */
    private static final long SLICE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long RETRY_WITHOUT_LOCK_MILLIS = 500;

    private final PushSettings settings;
    private final OrderlyListener listener;
    private final ConsumerBrokerApi api;
    private final OffsetStore offsets;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoClock;
    private final long lockMaxLiveNanos;
    private final ExecutorService threads;
    /** Queues with a task queued or running: at most one per queue. */
    private final Map<ProcessQueue, Boolean> scheduled = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /** Runs {@code listener} one message at a time per queue, holding the queue's consume lock. */
    public OrderlyConsumeService(PushSettings settings, OrderlyListener listener, ConsumerBrokerApi api,
                                 OffsetStore offsets, ScheduledExecutorService scheduler, LongSupplier nanoClock) {
        this.settings = settings;
        this.listener = listener;
        this.api = api;
        this.offsets = offsets;
        this.scheduler = scheduler;
        this.nanoClock = nanoClock;
        this.lockMaxLiveNanos = settings.lockMaxLiveNanos();
        this.threads = ConsumeThreads.create(settings.group(), settings.consumeThreads());
    }

    @Override
    public void submit(ProcessQueue queue, List<MessageExt> messages) {
        wake(queue);
    }

    /** Makes sure a task will look at {@code queue}. */
    public void wake(ProcessQueue queue) {
        if (scheduled.putIfAbsent(queue, Boolean.TRUE) == null) {
            run(queue, 0);
        }
    }

    private void run(ProcessQueue queue, long delayMillis) {
        try {
            if (delayMillis <= 0) {
                threads.execute(() -> consume(queue));
            } else {
                scheduler.schedule(() -> run(queue, 0), delayMillis, TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            scheduled.remove(queue);
        }
    }

    private void consume(ProcessQueue queue) {
        if (stopping || queue.dropped()) {
            scheduled.remove(queue);
            return;
        }
        if (settings.clustering() && !queue.lockedAt(nanoClock.getAsLong(), lockMaxLiveNanos)) {
            run(queue, RETRY_WITHOUT_LOCK_MILLIS); // the lock renewal will bring it back, or rebalance drops the queue
            return;
        }
        long retryIn;
        queue.consumeLock().lock();
        try {
            retryIn = consumeSlice(queue);
        } finally {
            queue.consumeLock().unlock();
        }
        if (retryIn >= 0) {
            run(queue, retryIn);
            return;
        }
        scheduled.remove(queue);
        if (!queue.isEmpty() && !queue.dropped()) {
            wake(queue); // a message put in while this task was finishing
        }
    }

    /** Consumes for up to one slice; returns when to run again (ms), or -1 when the queue is drained. */
    private long consumeSlice(ProcessQueue queue) {
        long deadline = nanoClock.getAsLong() + SLICE_NANOS;
        while (!stopping && !queue.dropped()) {
            MessageExt message = queue.takeNext();
            if (message == null) {
                return -1;
            }
            if (consumeOne(queue, message)) {
                offsets.update(queue.queue(), queue.commit(), false);
            } else if (giveUp(message)) {
                if (!deadLetter(queue, message)) {
                    queue.giveBack();
                    return settings.suspendOnFailure().toMillis();
                }
                offsets.update(queue.queue(), queue.commit(), false);
            } else {
                queue.giveBack();
                message.setReconsumeTimes(message.getReconsumeTimes() + 1);
                return settings.suspendOnFailure().toMillis();
            }
            if (nanoClock.getAsLong() - deadline > 0) {
                return 0;
            }
        }
        queue.giveBack();
        return -1;
    }

    private boolean consumeOne(ProcessQueue queue, MessageExt message) {
        try {
            return listener.consume(message) == ConsumeResult.SUCCESS;
        } catch (Throwable e) {
            LOG.warn("orderly listener of group {} threw on {} of {}; retrying it in {}", settings.group(),
                    message.getMsgId(), queue.queue(), settings.suspendOnFailure(), e);
            return false;
        }
    }

    private boolean giveUp(MessageExt message) {
        return settings.maxReconsumeTimes() >= 0 && message.getReconsumeTimes() >= settings.maxReconsumeTimes();
    }

    private boolean deadLetter(ProcessQueue queue, MessageExt message) {
        if (!settings.clustering()) {
            LOG.warn("broadcast message {} of {} failed {} times and is dropped", message.getMsgId(), queue.queue(),
                    message.getReconsumeTimes() + 1);
            return true;
        }
        try {
            api.sendBack(queue.queue(), message, -1, settings.maxReconsumeTimes());
            LOG.warn("message {} of {} failed {} times and went to the dead-letter topic", message.getMsgId(),
                    queue.queue(), message.getReconsumeTimes() + 1);
            return true;
        } catch (ClientException e) {
            LOG.warn("dead-lettering {} failed ({}); the queue waits and tries again", message.getMsgId(), e.getMessage());
            return false;
        }
    }

    @Override
    public boolean shutdown(Duration timeout) {
        stopping = true;
        return ConsumeThreads.shutdown(threads, timeout);
    }
}
