package io.ferrymq.client.consumer;

import io.ferrymq.client.ClientBuilder;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.consumer.internal.ConsumerBrokerApi;
import io.ferrymq.client.consumer.internal.PolledQueues;
import io.ferrymq.client.consumer.internal.QueueAllocator;
import io.ferrymq.client.consumer.internal.QueuePuller;
import io.ferrymq.client.consumer.internal.RemoteOffsetStore;
import io.ferrymq.client.consumer.internal.StartOffsets;
import io.ferrymq.client.internal.ClientInstance;
import io.ferrymq.client.internal.ConsumerMember;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.topic.NameCheck;
import io.ferrymq.common.topic.TopicValidator;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls messages when the application asks for them ({@link #poll}), RocketMQ's "lite pull" style.
 * Either {@link #assign} chosen queues (no group membership) or {@link #subscribe} to topics and let
 * the group's members split the queues. Messages are fetched ahead in the background (long polling,
 * bounded per queue); {@link #seek} moves a queue's position, {@link #commit} stores the positions
 * as the group's offsets (also done automatically before each poll unless auto-commit is off).
 *
 * <pre>{@code
 * try (PullConsumer consumer = PullConsumer.builder("billing").namesrvAddr("127.0.0.1:9876").build()) {
 *     consumer.subscribe("OrderPaid", "*");
 *     while (running) {
 *         for (MessageExt m : consumer.poll(Duration.ofSeconds(1))) {
 *             bill(m);
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safety: {@code poll}, {@code seek}, {@code commit}, {@code pause}/{@code resume} may be called
 * from any thread; positions move as {@code poll} returns messages, so one polling thread is the usual use.
 */
public final class PullConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PullConsumer.class);
    private static final long QUICK_REBALANCE_MILLIS = 1_000;

    private final String group;
    private final ClientInstance client;
    private final boolean ownsClient;
    private final Builder settings;
    private final ConsumerBrokerApi api;
    private final RemoteOffsetStore offsets;
    private final ScheduledExecutorService pullThread;
    private final ScheduledExecutorService rebalanceThread;
    private final QueuePuller puller;
    private final PolledQueues polled;
    private final QueueAllocator allocator;
    private final long subVersion = InstantSource.system().millis();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean quickRebalancePending = new AtomicBoolean();
    private final Object modeLock = new Object();
    private volatile Mode mode = Mode.NONE;
    private volatile long nextAutoCommitNanos;

    private enum Mode { NONE, ASSIGNED, SUBSCRIBED }

    private PullConsumer(Builder b, ClientInstance client) {
        this.group = b.group;
        this.settings = b;
        this.ownsClient = b.shared() == null;
        this.client = client;
        this.api = new ConsumerBrokerApi(client, group);
        this.offsets = new RemoteOffsetStore(api);
        this.pullThread = singleThread("FerryLitePull-" + group);
        this.rebalanceThread = singleThread("FerryLiteRebalance-" + group);
        this.puller = new QueuePuller(api, pullThread, group, b.pullBatchSize, b.pollTimeout.toMillis(), subVersion,
                true, client::heartbeatQuietly);
        this.polled = new PolledQueues(b.maxMessagesPerQueue, closed::get);
        this.allocator = new QueueAllocator(api, group, b.allocation, client::heartbeatQuietly);
        this.nextAutoCommitNanos = System.nanoTime() + b.autoCommitInterval.toNanos();
    }

    /** A builder for a pull consumer of consumer group {@code group}. */
    public static Builder builder(String group) {
        return new Builder(group);
    }

    /** The consumer group. */
    public String group() {
        return group;
    }

    /** The readable queues of a topic, for {@link #assign}. */
    public List<MessageQueue> queuesOf(String topic) {
        return client.consumerRoute(topic).readQueues();
    }

    /**
     * Reads exactly these queues (all their messages), from the group's committed offsets or, where there
     * is none, from {@code consumeFromWhere}. Replaces the previous assignment; this member does not join
     * the group's rebalancing.
     *
     * @throws IllegalStateException after {@link #subscribe}
     * @throws ClientException when a start offset cannot be read from the broker
     */
    public void assign(Collection<MessageQueue> queues) {
        ensureOpen();
        synchronized (modeLock) {
            if (mode == Mode.SUBSCRIBED) {
                throw new IllegalStateException("this consumer subscribed to topics; assign() and subscribe() "
                        + "cannot be mixed: use two consumers");
            }
            mode = Mode.ASSIGNED;
            Set<MessageQueue> wanted = new HashSet<>(queues);
            for (MessageQueue q : polled.queues()) {
                if (!wanted.contains(q)) {
                    release(q);
                }
            }
            for (MessageQueue q : wanted) {
                if (!polled.queues().contains(q)) {
                    start(q, Subscription.all());
                }
            }
        }
    }

    /** Subscribes to a topic's messages with these tags ({@code "TagA || TagB"}, or {@code "*"}). */
    public void subscribe(String topic, String tagExpression) {
        subscribe(topic, Subscription.tags(tagExpression));
    }

    /**
     * Subscribes to a topic: the group's members split its queues (and re-split them as members come and
     * go, checked every {@code rebalanceInterval} and on the broker's notice).
     *
     * @throws IllegalStateException after {@link #assign}
     */
    public void subscribe(String topic, Subscription subscription) {
        ensureOpen();
        NameCheck check = TopicValidator.validateTopic(topic);
        if (!check.valid()) {
            throw new IllegalArgumentException("topic: " + check.reason());
        }
        synchronized (modeLock) {
            if (mode == Mode.ASSIGNED) {
                throw new IllegalStateException("this consumer has assigned queues; assign() and subscribe() "
                        + "cannot be mixed: use two consumers");
            }
            boolean first = mode == Mode.NONE;
            if (first) {
                client.registerConsumer(new Member());
            }
            mode = Mode.SUBSCRIBED;
            subscriptions.put(topic, Objects.requireNonNull(subscription, "subscription"));
            try {
                client.consumerRoute(topic);
            } catch (ClientException e) {
                LOG.warn("no route for {} yet ({}); the consumer keeps trying", topic, e.getMessage());
            }
            if (first) {
                long every = settings.rebalanceInterval.toMillis();
                rebalanceThread.scheduleWithFixedDelay(this::rebalance, every, every, TimeUnit.MILLISECONDS);
            }
            client.heartbeatSync();
            rebalanceThread.execute(this::rebalance);
        }
    }

    /** The queues read now. */
    public Set<MessageQueue> assignment() {
        return polled.queues();
    }

    /**
     * Up to {@code maxPollMessages} messages, waiting at most {@code timeout} for the first; an empty
     * list when none came. Positions move past what is returned; with auto-commit the positions reached
     * by earlier polls are committed first (so a message is committed only after the poll that follows it).
     */
    public List<MessageExt> poll(Duration timeout) {
        ensureOpen();
        if (settings.autoCommit && System.nanoTime() - nextAutoCommitNanos >= 0) {
            nextAutoCommitNanos = System.nanoTime() + settings.autoCommitInterval.toNanos();
            commitPositions(false);
        }
        try {
            return polled.poll(settings.maxPollMessages, timeout.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** The next offset {@link #poll} returns for {@code queue}. */
    public long position(MessageQueue queue) {
        return polled.position(queue);
    }

    /** The group's committed offset of {@code queue} at the broker, -1 when none. */
    public long committed(MessageQueue queue) {
        return api.committedOffset(queue);
    }

    /** The next poll of {@code queue} starts at {@code offset} (what was fetched ahead is dropped). */
    public void seek(MessageQueue queue, long offset) {
        ensureOpen();
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        puller.start(polled.seek(queue, offset));
    }

    /** Seeks to the first message still stored. */
    public void seekToBeginning(MessageQueue queue) {
        seek(queue, api.minOffset(queue));
    }

    /** Seeks past the last message: only messages arriving from now on. */
    public void seekToEnd(MessageQueue queue) {
        seek(queue, api.maxOffset(queue));
    }

    /** Stores every queue's position as the group's offset and waits for the broker. */
    public void commit() {
        ensureOpen();
        commitPositions(true);
    }

    private void commitPositions(boolean waitForBroker) {
        Map<MessageQueue, Long> positions = polled.positions();
        positions.forEach((q, offset) -> offsets.update(q, offset, false));
        if (waitForBroker) {
            positions.forEach((q, offset) -> api.commitOffset(q, offset, false));
        } else {
            offsets.persistAll(positions.keySet());
        }
    }

    /** {@link #poll} returns nothing of these queues, and they are not fetched, until {@link #resume}. */
    public void pause(Collection<MessageQueue> queues) {
        polled.pause(queues, true);
    }

    /** Undoes {@link #pause} for these queues. */
    public void resume(Collection<MessageQueue> queues) {
        polled.pause(queues, false);
    }

    private void start(MessageQueue queue, Subscription subscription) {
        long offset = StartOffsets.resolve(api, offsets, queue, settings.consumeFromWhere, settings.consumeTimestampMillis());
        puller.start(polled.add(queue, subscription, offset));
    }

    /** Gives a queue up, committing its position when auto-commit is on. */
    private void release(MessageQueue queue) {
        long position = polled.remove(queue);
        if (settings.autoCommit && position >= 0) {
            offsets.update(queue, position, false);
            offsets.persist(queue);
        }
        offsets.remove(queue);
    }

    private void rebalance() {
        if (closed.get()) {
            return;
        }
        boolean complete = true;
        for (Map.Entry<String, Subscription> e : subscriptions.entrySet()) {
            try {
                complete &= rebalance(e.getKey(), e.getValue());
            } catch (ClientException ex) {
                LOG.debug("rebalance of {} for group {} postponed: {}", e.getKey(), group, ex.getMessage());
                complete = false;
            }
        }
        if (!complete && quickRebalancePending.compareAndSet(false, true)) {
            try {
                rebalanceThread.schedule(() -> {
                    quickRebalancePending.set(false);
                    rebalance();
                }, QUICK_REBALANCE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException ex) {
                quickRebalancePending.set(false);
            }
        }
    }

    private boolean rebalance(String topic, Subscription subscription) {
        List<MessageQueue> mine = allocator.mine(topic, true);
        if (mine == null) {
            return false;
        }
        Set<MessageQueue> wanted = new HashSet<>(mine);
        boolean changed = false;
        for (MessageQueue q : polled.queues()) {
            if (q.topic().equals(topic) && !wanted.contains(q)) {
                release(q);
                changed = true;
            }
        }
        boolean complete = true;
        for (MessageQueue q : wanted) {
            if (!polled.queues().contains(q)) {
                try {
                    start(q, subscription);
                    changed = true;
                } catch (ClientException e) {
                    LOG.warn("start offset of {} unknown ({}); trying again soon", q, e.getMessage());
                    complete = false;
                }
            }
        }
        if (changed) {
            LOG.info("pull consumer of group {} now reads {} queue(s) of {}", group,
                    polled.queues().stream().filter(q -> q.topic().equals(topic)).count(), topic);
        }
        return complete;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("pull consumer of group " + group + " is closed; build a new one");
        }
    }

    /** Commits positions (auto-commit) or leaves offsets as last committed, stops fetching, leaves the group. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        rebalanceThread.shutdown();
        try {
            rebalanceThread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (settings.autoCommit) {
            try {
                commitPositions(true);
            } catch (ClientException e) {
                LOG.warn("final commit of group {} failed: {}", group, e.getMessage());
            }
        }
        closed.set(true);
        polled.wakeUp();
        pullThread.shutdownNow();
        if (mode == Mode.SUBSCRIBED) {
            client.unregisterConsumer(group);
        }
        if (ownsClient) {
            client.release();
        }
    }

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

    /** Heartbeat data of a subscribed pull consumer. */
    private final class Member implements ConsumerMember {
        @Override
        public String group() {
            return group;
        }

        @Override
        public Map<String, Object> heartbeatData() {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("groupName", group);
            data.put("consumeType", "CONSUME_ACTIVELY");
            data.put("messageModel", MessageModel.CLUSTERING.name());
            data.put("consumeFromWhere", settings.consumeFromWhere.wireName());
            data.put("unitMode", false);
            List<Map<String, Object>> subs = new ArrayList<>();
            subscriptions.forEach((topic, s) -> subs.add(s.toHeartbeat(topic, subVersion)));
            data.put("subscriptionDataSet", subs);
            return data;
        }

        @Override
        public void onConsumerIdsChanged() {
            try {
                rebalanceThread.execute(PullConsumer.this::rebalance);
            } catch (RejectedExecutionException e) {
                LOG.debug("group {} closing: membership change ignored", group);
            }
        }
    }

    /** Settings of a pull consumer; {@link #build()} validates them and returns a consumer with nothing assigned yet. */
    public static final class Builder extends ClientBuilder<Builder> {
        private final String group;
        private ConsumeFromWhere consumeFromWhere = ConsumeFromWhere.LAST_OFFSET;
        private Instant consumeTimestamp;
        private AllocateStrategy allocation = AllocateStrategy.average();
        private boolean autoCommit = true;
        private Duration autoCommitInterval = Duration.ofSeconds(5);
        private int maxPollMessages = 32;
        private int pullBatchSize = 32;
        private int maxMessagesPerQueue = 1000;
        private Duration pollTimeout = Duration.ofSeconds(15);
        private Duration rebalanceInterval = Duration.ofSeconds(20);

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

        /** How subscribed members split the queues (default {@link AllocateStrategy#average()}). */
        public Builder allocateStrategy(AllocateStrategy strategy) {
            this.allocation = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /** Commit positions before polls (every {@code interval}) and at close (default on, 5 s). */
        public Builder autoCommit(boolean enabled, Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("autoCommit interval must not be negative");
            }
            this.autoCommit = enabled;
            this.autoCommitInterval = interval;
            return this;
        }

        /** Most messages one {@link PullConsumer#poll} returns (default 32). */
        public Builder maxPollMessages(int max) {
            this.maxPollMessages = positive("maxPollMessages", max);
            return this;
        }

        /** Messages asked for per fetch (default 32). */
        public Builder pullBatchSize(int size) {
            this.pullBatchSize = positive("pullBatchSize", size);
            return this;
        }

        /** Messages fetched ahead per queue before fetching pauses (default 1000). */
        public Builder maxMessagesPerQueue(int max) {
            this.maxMessagesPerQueue = positive("maxMessagesPerQueue", max);
            return this;
        }

        /** How long the broker may hold a fetch that found nothing (default 15 s, at most 20 s). */
        public Builder pollTimeout(Duration timeout) {
            if (timeout.toMillis() < 100 || timeout.compareTo(Duration.ofSeconds(20)) > 0) {
                throw new IllegalArgumentException("pollTimeout must be between 100 ms and 20 s, got " + timeout);
            }
            this.pollTimeout = timeout;
            return this;
        }

        /** How often subscribed queues are re-split even without a membership notice (default 20 s). */
        public Builder rebalanceInterval(Duration interval) {
            if (interval.toMillis() < 100) {
                throw new IllegalArgumentException("rebalanceInterval must be at least 100 ms, got " + interval);
            }
            this.rebalanceInterval = interval;
            return this;
        }

        long consumeTimestampMillis() {
            return consumeTimestamp != null ? consumeTimestamp.toEpochMilli()
                    : InstantSource.system().millis() - Duration.ofMinutes(30).toMillis();
        }

        /** Validates the settings; the consumer reads nothing until {@code assign} or {@code subscribe}. */
        public PullConsumer build() {
            NameCheck check = TopicValidator.validateGroup(group);
            if (!check.valid()) {
                throw new IllegalArgumentException("consumer group: " + check.reason());
            }
            return onProcessInstance(instance -> new PullConsumer(this, instance));
        }
    }
}
