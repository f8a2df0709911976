package io.ferrymq.client.consumer.internal;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.consumer.ConsumeResult;
import io.ferrymq.common.message.MessageExt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Concurrent consumption: batches of one queue run in parallel on the consumer's threads. A failed
 * batch is sent back to the broker (clustering: CONSUMER_SEND_MSG_BACK, delay level chosen by the broker
 * as {@code 3 + reconsumeTimes}); messages the broker would not take back are retried here after
 * {@link #LOCAL_RETRY_DELAY_MILLIS}. Broadcasting has no retry topic: failures are logged and dropped.
 */
public final class ConcurrentConsumeService implements ConsumeService {
    private static final Logger LOG = LoggerFactory.getLogger(ConcurrentConsumeService.class);
    /** RocketMQ's wait before re-consuming locally what could not be sent back. */
    static final long LOCAL_RETRY_DELAY_MILLIS = 5_000;

    /** The listener, whatever its shape, as a batch function. */
    @FunctionalInterface
    public interface BatchFunction {
        /** Consumes one batch of one queue. */
        ConsumeResult consume(List<MessageExt> batch) throws Exception;
    }

    private final PushSettings settings;
    private final BatchFunction listener;
    private final ConsumerBrokerApi api;
    private final OffsetStore offsets;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService threads;
    /** Set by shutdown: batches not started yet are left for the next owner. */
    private volatile boolean stopping;

    /** Runs {@code listener} on {@code settings.consumeThreads()} threads; failures go back to the broker. */
    public ConcurrentConsumeService(PushSettings settings, BatchFunction listener, ConsumerBrokerApi api,
                                    OffsetStore offsets, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.listener = listener;
        this.api = api;
        this.offsets = offsets;
        this.scheduler = scheduler;
        this.threads = ConsumeThreads.create(settings.group(), settings.consumeThreads());
    }

    @Override
    public void submit(ProcessQueue queue, List<MessageExt> messages) {
        for (int i = 0; i < messages.size(); i += settings.batchSize()) {
            List<MessageExt> batch = messages.subList(i, Math.min(messages.size(), i + settings.batchSize()));
            List<MessageExt> copy = List.copyOf(batch);
            try {
                threads.execute(() -> consume(queue, copy));
            } catch (RejectedExecutionException e) {
                LOG.debug("{} messages of {} left unconsumed: consumer closing", copy.size(), queue.queue());
                return;
            }
        }
    }

    private void consume(ProcessQueue queue, List<MessageExt> batch) {
        if (stopping || queue.dropped()) {
            return;
        }
        ConsumeResult result;
        try {
            result = listener.consume(batch);
        } catch (Throwable e) {
            LOG.warn("listener of group {} threw on {} message(s) of {}; they will be consumed again", settings.group(),
                    batch.size(), queue.queue(), e);
            result = ConsumeResult.RECONSUME_LATER;
        }
        if (result == null) {
            result = ConsumeResult.RECONSUME_LATER;
        }
        if (queue.dropped()) {
            return; // the queue moved to another member; it resumes from the last committed offset
        }
        List<MessageExt> done = batch;
        if (result == ConsumeResult.RECONSUME_LATER) {
            done = settings.clustering() ? sendBack(queue, batch) : dropFailed(queue, batch);
        }
        offsets.update(queue.queue(), queue.remove(done), true);
    }

    /** Returns the messages the broker took back; the others are retried here later. */
    private List<MessageExt> sendBack(ProcessQueue queue, List<MessageExt> batch) {
        List<MessageExt> taken = new ArrayList<>(batch.size());
        List<MessageExt> kept = new ArrayList<>();
        for (MessageExt m : batch) {
            try {
                api.sendBack(queue.queue(), m, 0, settings.maxReconsumeTimes());
                taken.add(m);
            } catch (ClientException e) {
                LOG.warn("send-back of {} failed ({}); consuming it again here in {} ms", m.getMsgId(),
                        e.getMessage(), LOCAL_RETRY_DELAY_MILLIS);
                m.setReconsumeTimes(m.getReconsumeTimes() + 1);
                kept.add(m);
            }
        }
        if (!kept.isEmpty()) {
            try {
                scheduler.schedule(() -> submit(queue, kept), LOCAL_RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("local retry of {} messages dropped: consumer closing", kept.size());
            }
        }
        return taken;
    }

    private List<MessageExt> dropFailed(ProcessQueue queue, List<MessageExt> batch) {
        for (MessageExt m : batch) {
            LOG.warn("broadcast message {} of {} failed and is dropped (broadcasting has no retry); "
                    + "handle failures inside the listener if it must not be lost", m.getMsgId(), queue.queue());
        }
        return batch;
    }

    @Override
    public boolean shutdown(Duration timeout) {
        stopping = true;
        return ConsumeThreads.shutdown(threads, timeout);
    }
}
