package io.ferrymq.client.consumer.internal;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.consumer.Subscription;
import io.ferrymq.remoting.exception.RemotingException;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pull loop of every queue a consumer reads: one asynchronous PULL_MESSAGE in flight per
 * {@link Target} at a time, long-polled by the broker; the next one is issued from the consumer's pull
 * thread as soon as the answer was handed over, or later after flow control or a failure.
 */
public final class QueuePuller {
    private static final Logger LOG = LoggerFactory.getLogger(QueuePuller.class);
    /** Client-side margin over the broker's hold time before a long poll counts as lost. */
    private static final long POLL_TIMEOUT_MARGIN_MILLIS = 15_000;
    /** Pause after a failed pull (RocketMQ's pullTimeDelayMillsWhenException is 1 s; a refused one 3 s). */
    private static final long RETRY_AFTER_FAILURE_MILLIS = 1_000;
    private static final long RETRY_AFTER_FLOW_CONTROL_MILLIS = 50;

    /** One queue being pulled, as its consumer sees it. Called on the pull thread and on callback threads. */
    public interface Target {
        /** The queue pulled. */
        MessageQueue queue();

        /** False ends the loop (queue given up, consumer closing, seek to a new generation). */
        boolean active();

        /** Where the next pull starts. */
        long nextOffset();

        /** Milliseconds to wait before pulling (too much held, paused); 0 pulls now. */
        long holdOffMillis();

        /** The offset to store on the broker with this pull, or -1. */
        long commitOffset();

        /** What to ask the broker for (tags or SQL92). */
        Subscription subscription();

        /** The answer of a pull (any status but FAILED); must move {@link #nextOffset()} on. */
        void onPulled(PullResult result);
    }

    private final ConsumerBrokerApi api;
    private final ScheduledExecutorService pullThread;
    private final String group;
    private final int batchSize;
    private final long suspendMillis;
    private final long subVersion;
    private final boolean withSubscription;
    private final Runnable onSubscriptionUnknown;

    /**
     * @param withSubscription send the expression in each pull (pull consumers) instead of relying on the
     *     heartbeat's subscription (push consumers)
     * @param onSubscriptionUnknown run when the broker does not know the subscription yet (a heartbeat
     *     should be sent)
     */
    public QueuePuller(ConsumerBrokerApi api, ScheduledExecutorService pullThread, String group, int batchSize,
                       long suspendMillis, long subVersion, boolean withSubscription, Runnable onSubscriptionUnknown) {
        this.api = api;
        this.pullThread = pullThread;
        this.group = group;
        this.batchSize = batchSize;
        this.suspendMillis = suspendMillis;
        this.subVersion = subVersion;
        this.withSubscription = withSubscription;
        this.onSubscriptionUnknown = onSubscriptionUnknown;
    }

    /** Starts the loop of {@code target} (its first pull runs on the pull thread). */
    public void start(Target target) {
        schedule(target, 0);
    }

    private void schedule(Target target, long delayMillis) {
        try {
            if (delayMillis <= 0) {
                pullThread.execute(() -> pull(target));
            } else {
                pullThread.schedule(() -> pull(target), delayMillis, TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("pull of {} not scheduled: consumer closing", target.queue());
        }
    }

    private void pull(Target target) {
        if (!target.active()) {
            return;
        }
        long holdOff = target.holdOffMillis();
        if (holdOff > 0) {
            schedule(target, holdOff);
            return;
        }
        MessageQueue queue = target.queue();
        Subscription subscription = target.subscription();
        RemotingCommand request = PullApi.request(group, queue, target.nextOffset(), batchSize, target.commitOffset(),
                suspendMillis, subscription, subVersion, withSubscription);
        try {
            String addr = api.masterOf(queue);
            api.client().remoting().invokeAsync(addr, request, suspendMillis + POLL_TIMEOUT_MARGIN_MILLIS,
                    (response, failure) -> onAnswer(target, subscription, response, failure));
        } catch (ClientException | RemotingException e) {
            LOG.debug("pull of {} failed: {}", queue, e.getMessage());
            schedule(target, RETRY_AFTER_FAILURE_MILLIS);
        }
    }

    private void onAnswer(Target target, Subscription subscription, RemotingCommand response, Throwable failure) {
        if (!target.active()) {
            return;
        }
        if (failure != null) {
            LOG.debug("pull of {} failed: {}", target.queue(), failure.getMessage());
            schedule(target, RETRY_AFTER_FAILURE_MILLIS);
            return;
        }
        PullResult result;
        try {
            result = PullApi.parse(response, subscription);
        } catch (RuntimeException e) {
            LOG.warn("pull answer for {} unreadable: {}", target.queue(), e.toString());
            schedule(target, RETRY_AFTER_FAILURE_MILLIS);
            return;
        }
        if (result.status() == PullStatus.FAILED) {
            onRefused(target, result);
            return;
        }
        if (result.status() == PullStatus.OFFSET_ILLEGAL) {
            LOG.warn("offset {} of {} is outside the queue [{}, {}); continuing at {}", target.nextOffset(),
                    target.queue(), result.minOffset(), result.maxOffset(), result.nextBeginOffset());
        }
        try {
            target.onPulled(result);
        } catch (RuntimeException e) {
            LOG.warn("handing over messages of {} failed", target.queue(), e);
        }
        schedule(target, 0);
    }

    private void onRefused(Target target, PullResult result) {
        switch (result.code()) {
            case ResponseCode.SUBSCRIPTION_NOT_EXIST, ResponseCode.SUBSCRIPTION_NOT_LATEST -> {
                LOG.debug("broker does not know the subscription of {} yet: {}", target.queue(), result.remark());
                onSubscriptionUnknown.run();
                schedule(target, RETRY_AFTER_FAILURE_MILLIS);
            }
            case ResponseCode.FLOW_CONTROL, ResponseCode.SYSTEM_BUSY -> schedule(target, RETRY_AFTER_FLOW_CONTROL_MILLIS * 4);
            default -> {
                LOG.warn("pull of {} refused (code {}): {}", target.queue(), result.code(), result.remark());
                schedule(target, 3 * RETRY_AFTER_FAILURE_MILLIS);
            }
        }
    }

    /** The pause flow control asks for. */
    public static long flowControlPauseMillis() {
        return RETRY_AFTER_FLOW_CONTROL_MILLIS;
    }
}
