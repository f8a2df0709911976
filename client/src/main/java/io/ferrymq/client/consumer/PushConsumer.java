package io.ferrymq.client.consumer;

import io.ferrymq.client.ClientBuilder;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.consumer.internal.ConcurrentConsumeService;
import io.ferrymq.client.consumer.internal.ConsumeService;
import io.ferrymq.client.consumer.internal.ConsumerBrokerApi;
import io.ferrymq.client.consumer.internal.LocalFileOffsetStore;
import io.ferrymq.client.consumer.internal.OffsetStore;
import io.ferrymq.client.consumer.internal.OrderlyConsumeService;
import io.ferrymq.client.consumer.internal.ProcessQueue;
import io.ferrymq.client.consumer.internal.PullResult;
import io.ferrymq.client.consumer.internal.PushRebalancer;
import io.ferrymq.client.consumer.internal.PushSettings;
import io.ferrymq.client.consumer.internal.QueuePuller;
import io.ferrymq.client.consumer.internal.RemoteOffsetStore;
import io.ferrymq.client.internal.ClientInstance;
import io.ferrymq.client.internal.ConsumerMember;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.topic.NameCheck;
import io.ferrymq.common.topic.SystemGroups;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.common.topic.TopicValidator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives messages pushed to a listener: the consumer pulls (long polling) the queues it owns and
 * hands the messages to a {@link ConcurrentListener}, {@link BatchListener} or {@link OrderlyListener}.
 * In {@link MessageModel#CLUSTERING} (the default) the members of a group split the queues among
 * themselves and rebalance when members come and go; offsets are committed to the broker. Failed
 * messages come back later with a growing {@code reconsumeTimes} and end in {@code %DLQ%<group>}.
 *
 * <pre>{@code
 * try (PushConsumer consumer = PushConsumer.builder("inventory-service")
 *         .namesrvAddr("127.0.0.1:9876")
 *         .subscribe("OrderCreated", "paid || shipped")
 *         .listener(message -> {
 *             reserveStock(message.getBody());
 *             return ConsumeResult.SUCCESS;
 *         })
 *         .build()) {
 *     awaitShutdownSignal();
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops pulling, waits (bounded) for listeners in flight, commits offsets and leaves
 * the group, so the other members take its queues over at once.
 */
public final class PushConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PushConsumer.class);
    /** How soon a rebalance that could not finish (no route yet, lock held elsewhere) runs again. */
    private static final long QUICK_REBALANCE_MILLIS = 1_000;
    /** Orderly: how long a queue waits for its broker lock before pulling again. */
    private static final long WAIT_FOR_LOCK_MILLIS = 500;

    private final PushSettings settings;
    private final ClientInstance client;
    private final boolean ownsClient;
    private final Map<String, Subscription> subscriptions;
    private final boolean orderly;
    private final long subVersion;
    private final OffsetStore offsets;
    private final ConsumerBrokerApi api;
    private final ScheduledExecutorService pullThread;
    private final ScheduledExecutorService rebalanceThread;
    private final ConsumeService consumeService;
    private final QueuePuller puller;
    private final PushRebalancer rebalancer;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean quickRebalancePending = new AtomicBoolean();

    private PushConsumer(Builder b, PushSettings settings, ClientInstance client) {
        this.settings = settings;
        this.ownsClient = b.shared() == null;
        this.client = client;
        this.orderly = b.orderlyListener != null;
        this.subVersion = InstantSource.system().millis();
        Map<String, Subscription> subs = new LinkedHashMap<>(b.subscriptions);
        if (settings.clustering()) {
            subs.put(SystemTopics.retryTopic(settings.group()), Subscription.all());
        }
        this.subscriptions = Map.copyOf(subs);
        this.api = new ConsumerBrokerApi(client, settings.group());
        this.offsets = settings.clustering() ? new RemoteOffsetStore(api) : new LocalFileOffsetStore(settings.offsetFile());
        this.pullThread = singleThread("FerryPull-" + settings.group());
        this.rebalanceThread = singleThread("FerryRebalance-" + settings.group());
        this.consumeService = orderly
                ? new OrderlyConsumeService(settings, b.orderlyListener, api, offsets, pullThread, System::nanoTime)
                : new ConcurrentConsumeService(settings, b.batchFunction(), api, offsets, pullThread);
        this.puller = new QueuePuller(api, pullThread, settings.group(), settings.pullBatchSize(),
                settings.pollTimeout().toMillis(), subVersion, false, client::heartbeatQuietly);
        this.rebalancer = new PushRebalancer(settings, api, offsets, subscriptions, orderly,
                pq -> puller.start(new PushTarget(pq)), client::heartbeatQuietly, System::nanoTime);
    }

    private void start() {
        try {
            client.registerConsumer(new Member());
        } catch (IllegalStateException e) {
            // another consumer of this group runs in this client: leave its registration alone
            closing.set(true);
            pullThread.shutdownNow();
            rebalanceThread.shutdownNow();
            consumeService.shutdown(Duration.ZERO);
            if (ownsClient) {
                client.release();
            }
            throw e;
        }
        try {
            for (String topic : subscriptions.keySet()) {
                if (SystemTopics.isRetryTopic(topic)) {
                    continue; // brokers create it on the heartbeat below
                }
                try {
                    client.consumerRoute(topic);
                } catch (ClientException e) {
                    LOG.warn("no route for {} yet ({}); the consumer keeps trying", topic, e.getMessage());
                }
            }
            client.heartbeatSync();
            long rebalanceEvery = settings.rebalanceInterval().toMillis();
            rebalanceThread.execute(this::rebalance);
            rebalanceThread.scheduleWithFixedDelay(this::rebalance, rebalanceEvery, rebalanceEvery, TimeUnit.MILLISECONDS);
            long persistEvery = settings.persistInterval().toMillis();
            rebalanceThread.scheduleWithFixedDelay(this::persistOffsets, persistEvery, persistEvery, TimeUnit.MILLISECONDS);
            if (orderly && settings.clustering()) {
                long lockEvery = settings.lockRenewInterval().toMillis();
                rebalanceThread.scheduleWithFixedDelay(this::renewLocks, lockEvery, lockEvery, TimeUnit.MILLISECONDS);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A builder for a push consumer of consumer group {@code group}. */
    public static Builder builder(String group) {
        return new Builder(group);
    }

    /** The consumer group. */
    public String group() {
        return settings.group();
    }

    /** How brokers know this consumer ({@code ip@instanceName}). */
    public String clientId() {
        return client.config().clientId();
    }

    /** The queues this member owns now (retry queues included), as the last rebalance left them. */
    public Set<MessageQueue> assignment() {
        return rebalancer.owned();
    }

    /**
     * Messages pulled and not yet consumed, per owned queue. Flow control keeps each below
     * {@code maxMessagesPerQueue} plus one pull batch.
     */
    public Map<MessageQueue, Long> heldMessages() {
        Map<MessageQueue, Long> held = new LinkedHashMap<>();
        for (MessageQueue q : rebalancer.owned()) {
            ProcessQueue pq = rebalancer.processQueue(q);
            if (pq != null) {
                held.put(q, pq.count());
            }
        }
        return held;
    }

    private void rebalance() {
        if (closing.get()) {
            return;
        }
        boolean complete;
        try {
            complete = rebalancer.rebalance();
        } catch (RuntimeException e) {
            LOG.warn("rebalance of group {} failed", settings.group(), e);
            complete = false;
        }
        if (!complete && quickRebalancePending.compareAndSet(false, true)) {
            try {
                rebalanceThread.schedule(() -> {
                    quickRebalancePending.set(false);
                    rebalance();
                }, QUICK_REBALANCE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                quickRebalancePending.set(false);
            }
        }
    }

    private void persistOffsets() {
        try {
            rebalancer.persistOffsets();
        } catch (RuntimeException e) {
            LOG.warn("periodic offset commit of group {} failed", settings.group(), e);
        }
    }

    private void renewLocks() {
        try {
            rebalancer.renewLocks();
        } catch (RuntimeException e) {
            LOG.warn("queue lock renewal of group {} failed", settings.group(), e);
        }
    }

    /**
     * Stops pulling, waits for listeners in flight (at most {@code shutdownTimeout}), commits offsets,
     * releases queue locks and leaves the group. Idempotent.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        rebalanceThread.shutdown();
        awaitQuietly(rebalanceThread, settings.shutdownTimeout());
        if (!consumeService.shutdown(settings.shutdownTimeout())) {
            LOG.warn("listeners of group {} still running after {}; their messages will be consumed again",
                    settings.group(), settings.shutdownTimeout());
        }
        try {
            rebalancer.releaseAll();
        } catch (RuntimeException e) {
            LOG.warn("releasing the queues of group {} failed", settings.group(), e);
        }
        pullThread.shutdownNow();
        client.unregisterConsumer(settings.group());
        if (ownsClient) {
            client.release();
        }
    }

    private static void awaitQuietly(ScheduledExecutorService executor, Duration timeout) {
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    /** A named daemon thread for delayed work; what is still pending at shutdown is dropped. */
    private static ScheduledExecutorService singleThread(String name) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** One owned queue as the pull loop sees it. */
    private final class PushTarget implements QueuePuller.Target {
        private final ProcessQueue pq;

        PushTarget(ProcessQueue pq) {
            this.pq = pq;
        }

        @Override
        public MessageQueue queue() {
            return pq.queue();
        }

        @Override
        public boolean active() {
            return !closing.get() && !pq.dropped();
        }

        @Override
        public long nextOffset() {
            return pq.nextPullOffset();
        }

        @Override
        public long holdOffMillis() {
            if (pq.count() >= settings.maxMessagesPerQueue() || pq.bytes() >= settings.maxBytesPerQueue()
                    || (!orderly && pq.span() > settings.maxSpan())) {
                return QueuePuller.flowControlPauseMillis();
            }
            if (orderly && settings.clustering() && !pq.lockedAt(System.nanoTime(), settings.lockMaxLiveNanos())) {
                return WAIT_FOR_LOCK_MILLIS;
            }
            return 0;
        }

        @Override
        public long commitOffset() {
            return settings.clustering() ? offsets.readMemory(pq.queue()) : -1;
        }

        @Override
        public Subscription subscription() {
            return subscriptions.get(pq.queue().topic());
        }

        @Override
        public void onPulled(PullResult result) {
            pq.nextPullOffset(result.nextBeginOffset());
            if (!result.messages().isEmpty() && pq.put(result.messages())) {
                consumeService.submit(pq, result.messages());
                return;
            }
            long skipped = pq.skipTo(result.nextBeginOffset());
            if (skipped >= 0) {
                offsets.update(pq.queue(), skipped, true);
            }
        }
    }

    /** What the client instance's heartbeats and broker requests need of this consumer. */
    private final class Member implements ConsumerMember {
        @Override
        public String group() {
            return settings.group();
        }

        @Override
        public Map<String, Object> heartbeatData() {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("groupName", settings.group());
            data.put("consumeType", "CONSUME_PASSIVELY");
            data.put("messageModel", settings.model().name());
            data.put("consumeFromWhere", settings.consumeFromWhere().wireName());
            data.put("unitMode", false);
            List<Map<String, Object>> subs = new ArrayList<>();
            subscriptions.forEach((topic, s) -> subs.add(s.toHeartbeat(topic, subVersion)));
            data.put("subscriptionDataSet", subs);
            return data;
        }

        @Override
        public void onConsumerIdsChanged() {
            try {
                rebalanceThread.execute(PushConsumer.this::rebalance);
            } catch (RejectedExecutionException e) {
                LOG.debug("group {} closing: membership change ignored", settings.group());
            }
        }

        @Override
        public Map<String, String> runningProperties() {
            return Map.of("consumeOrderly", Boolean.toString(orderly),
                    "consumeThreadMax", Integer.toString(settings.consumeThreads()),
                    "maxReconsumeTimes", Integer.toString(settings.maxReconsumeTimes()));
        }
    }

    /**
     * Settings of a push consumer; {@link #build()} validates them and starts the consumer. One
     * subscription and one listener are required; everything else has RocketMQ's defaults.
     */
    public static final class Builder extends ClientBuilder<Builder> {
        private final String group;
        private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
        private ConcurrentListener listener;
        private BatchListener batchListener;
        private OrderlyListener orderlyListener;
        private int batchSize = 1;
        private MessageModel model = MessageModel.CLUSTERING;
        private ConsumeFromWhere consumeFromWhere = ConsumeFromWhere.LAST_OFFSET;
        private Instant consumeTimestamp;
        private AllocateStrategy allocation = AllocateStrategy.average();
        private int consumeThreads = 20;
        private Integer maxReconsumeTimes;
        private int pullBatchSize = 32;
        private int maxMessagesPerQueue = 1000;
        private long maxBytesPerQueue = 100L << 20;
        private int maxSpan = 2000;
        private Duration pollTimeout = Duration.ofSeconds(15);
        private Duration persistInterval = Duration.ofSeconds(5);
        private Duration rebalanceInterval = Duration.ofSeconds(20);
        private Duration suspendOnFailure = Duration.ofSeconds(1);
        private Duration lockRenewInterval = Duration.ofSeconds(20);
        private Duration shutdownTimeout = Duration.ofSeconds(30);
        private Path offsetFile;

        private Builder(String group) {
            this.group = group;
        }

        @Override
        protected Builder self() {
            return this;
        }

        private ClientInstance shared() {
            return client;
        }

        /** Messages of {@code topic} with one of the tags ({@code "TagA || TagB"}), or all ({@code "*"}). */
        public Builder subscribe(String topic, String tagExpression) {
            return subscribe(topic, Subscription.tags(tagExpression));
        }

        /** Messages of {@code topic} that match {@code subscription} (tags or SQL92); one subscription per topic. */
        public Builder subscribe(String topic, Subscription subscription) {
            NameCheck check = TopicValidator.validateTopic(topic);
            if (!check.valid()) {
                throw new IllegalArgumentException("topic: " + check.reason());
            }
            subscriptions.put(topic, Objects.requireNonNull(subscription, "subscription"));
            return this;
        }

        /** One message per call, many in parallel. */
        public Builder listener(ConcurrentListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Up to {@code maxBatchSize} messages of one queue per call, many calls in parallel. */
        public Builder batchListener(int maxBatchSize, BatchListener listener) {
            if (maxBatchSize < 1 || maxBatchSize > 1024) {
                throw new IllegalArgumentException("maxBatchSize must be 1..1024, got " + maxBatchSize);
            }
            this.batchSize = maxBatchSize;
            this.batchListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** Queue order kept: one message at a time per queue (queues locked at the broker in clustering). */
        public Builder orderlyListener(OrderlyListener listener) {
            this.orderlyListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** {@link MessageModel#CLUSTERING} (default) or {@link MessageModel#BROADCASTING}. */
        public Builder messageModel(MessageModel model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** Where a group new to a queue starts (default {@link ConsumeFromWhere#LAST_OFFSET}). */
        public Builder consumeFromWhere(ConsumeFromWhere where) {
            this.consumeFromWhere = Objects.requireNonNull(where, "where");
            return this;
        }

        /** A group new to a queue starts with the messages stored since {@code since}. */
        public Builder consumeFromTimestamp(Instant since) {
            this.consumeFromWhere = ConsumeFromWhere.TIMESTAMP;
            this.consumeTimestamp = Objects.requireNonNull(since, "since");
            return this;
        }

        /** How a clustering group splits queues (default {@link AllocateStrategy#average()}). */
        public Builder allocateStrategy(AllocateStrategy strategy) {
            this.allocation = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /** Listener threads (default 20). */
        public Builder consumeThreads(int threads) {
            this.consumeThreads = positive("consumeThreads", threads);
            return this;
        }

        /**
         * Redeliveries before a message goes to {@code %DLQ%<group>}: default 16 for concurrent listeners,
         * unlimited (-1) for orderly ones, whose failures block their queue.
         */
        public Builder maxReconsumeTimes(int times) {
            if (times < -1) {
                throw new IllegalArgumentException("maxReconsumeTimes must be >= 0, or -1 for unlimited (orderly)");
            }
            this.maxReconsumeTimes = times;
            return this;
        }

        /** Messages asked for per pull (default 32). */
        public Builder pullBatchSize(int size) {
            this.pullBatchSize = positive("pullBatchSize", size);
            return this;
        }

        /** Flow control: pulling a queue pauses while this many of its messages wait (default 1000). */
        public Builder maxMessagesPerQueue(int messages) {
            this.maxMessagesPerQueue = positive("maxMessagesPerQueue", messages);
            return this;
        }

        /** Flow control: pulling a queue pauses while this many body bytes wait (default 100 MiB). */
        public Builder maxBytesPerQueue(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxBytesPerQueue must be positive");
            }
            this.maxBytesPerQueue = bytes;
            return this;
        }

        /** How long the broker may hold a pull that found nothing (default 15 s, at most 20 s). */
        public Builder pollTimeout(Duration timeout) {
            this.pollTimeout = between("pollTimeout", timeout, Duration.ofMillis(100), Duration.ofSeconds(20));
            return this;
        }

        /** How often offsets are committed (default 5 s); also at shutdown and with every pull. */
        public Builder persistInterval(Duration interval) {
            this.persistInterval = between("persistInterval", interval, Duration.ofMillis(100), Duration.ofHours(1));
            return this;
        }

        /** How often queues are re-split even without a membership notice (default 20 s). */
        public Builder rebalanceInterval(Duration interval) {
            this.rebalanceInterval = between("rebalanceInterval", interval, Duration.ofMillis(100), Duration.ofHours(1));
            return this;
        }

        /** Orderly: the pause before a failed message is tried again (default 1 s). */
        public Builder suspendOnFailure(Duration pause) {
            this.suspendOnFailure = between("suspendOnFailure", pause, Duration.ofMillis(10), Duration.ofMinutes(30));
            return this;
        }

        /** Orderly clustering: how often queue locks are renewed (default 20 s; the broker drops them after 60 s). */
        public Builder lockRenewInterval(Duration interval) {
            this.lockRenewInterval = between("lockRenewInterval", interval, Duration.ofMillis(100), Duration.ofSeconds(40));
            return this;
        }

        /** How long {@link #close()} waits for listeners in flight (default 30 s). */
        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = between("shutdownTimeout", timeout, Duration.ZERO, Duration.ofHours(1));
            return this;
        }

        /**
         * Broadcasting: the file keeping this member's offsets (default
         * {@code ~/.ferrymq_offsets/<clientId>/<group>/offsets.json}; give a stable path, or a stable
         * instanceName, to resume after a restart).
         */
        public Builder offsetFile(Path file) {
            this.offsetFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Validates the settings and starts the consumer.
         *
         * @throws IllegalArgumentException for a bad group name or setting
         * @throws IllegalStateException without a subscription or listener, or with two listeners
         */
        public PushConsumer build() {
            NameCheck check = TopicValidator.validateGroup(group);
            if (!check.valid()) {
                throw new IllegalArgumentException("consumer group: " + check.reason());
            }
            if (SystemGroups.DEFAULT_CONSUMER.equals(group)) {
                throw new IllegalArgumentException("consumer group " + group + " is reserved; choose a name of your own");
            }
            if (subscriptions.isEmpty()) {
                throw new IllegalStateException("no subscription: call subscribe(topic, \"*\") before build()");
            }
            long listeners = java.util.stream.Stream.of(listener, batchListener, orderlyListener).filter(Objects::nonNull)
                    .count();
            if (listeners != 1) {
                throw new IllegalStateException(listeners == 0
                        ? "no listener: set one of listener(), batchListener() or orderlyListener()"
                        : "more than one listener set: keep one of listener(), batchListener(), orderlyListener()");
            }
            ClientConfig effective = effectiveConfig();
            int maxReconsume = maxReconsumeTimes != null ? maxReconsumeTimes : orderlyListener != null ? -1 : 16;
            if (maxReconsume < 0 && orderlyListener == null) {
                throw new IllegalArgumentException("maxReconsumeTimes -1 (unlimited) is for orderly listeners only");
            }
            long since = consumeTimestamp != null ? consumeTimestamp.toEpochMilli()
                    : InstantSource.system().millis() - Duration.ofMinutes(30).toMillis();
            Path file = offsetFile != null ? offsetFile : Path.of(System.getProperty("user.home"), ".ferrymq_offsets",
                    effective.clientId().replaceAll("[^A-Za-z0-9._-]", "_"), group, "offsets.json");
            PushSettings settings = new PushSettings(group, model, consumeFromWhere, since, allocation, consumeThreads,
                    batchListener != null ? batchSize : 1, maxReconsume, pullBatchSize, maxMessagesPerQueue,
                    maxBytesPerQueue, maxSpan, pollTimeout, persistInterval, rebalanceInterval, suspendOnFailure,
                    lockRenewInterval, shutdownTimeout, file);
            PushConsumer consumer = onProcessInstance(instance -> new PushConsumer(this, settings, instance));
            consumer.start(); // closes the consumer (and releases the instance) if it fails
            return consumer;
        }

        private ConcurrentConsumeService.BatchFunction batchFunction() {
            if (batchListener != null) {
                return batchListener::consume;
            }
            ConcurrentListener single = listener;
            return batch -> {
                ConsumeResult result = ConsumeResult.SUCCESS;
                for (MessageExt m : batch) {
                    if (single.consume(m) != ConsumeResult.SUCCESS) {
                        result = ConsumeResult.RECONSUME_LATER;
                    }
                }
                return result;
            };
        }

        private static Duration between(String name, Duration value, Duration min, Duration max) {
            Objects.requireNonNull(value, name);
            if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        }
    }
}
