package io.ferrymq.client.producer;

import io.ferrymq.client.ClientBuilder;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.internal.ClientInstance;
import io.ferrymq.client.internal.TopicRoute;
import io.ferrymq.common.message.Message;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.message.UniqueIdGenerator;
import io.ferrymq.common.topic.NameCheck;
import io.ferrymq.common.topic.TopicValidator;
import io.ferrymq.remoting.exception.RemotingException;
import io.ferrymq.remoting.protocol.RemotingCommand;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends messages: {@link #send} (waits for the broker), {@link #sendAsync}, {@link #sendOneway}.
 * Queues are chosen round-robin (or by a {@link QueueSelector}); a send that fails with a retryable
 * code is retried on another broker, and a broker that failed is avoided for a while.
 *
 * <pre>{@code
 * try (Producer producer = Producer.builder("order-service").namesrvAddr("127.0.0.1:9876").build()) {
 *     SendResult r = producer.send(new Message("OrderCreated", "new", "order-42", body));
 * }
 * }</pre>
 */
public final class Producer implements AutoCloseable {
    private static final int MAX_MESSAGE_SIZE = 4 * 1024 * 1024;
    private static final UniqueIdGenerator IDS = UniqueIdGenerator.createDefault();

    private final String group;
    private final ClientInstance client;
    private final boolean ownsClient;
    private final int retries;
    private final QueueSelector selector;
    private final BrokerAvoidance avoidance;
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final InstantSource clock = InstantSource.system();

    private Producer(Builder b) {
        NameCheck check = TopicValidator.validateGroup(b.group);
        if (!check.valid()) {
            throw new IllegalArgumentException("producer group: " + check.reason());
        }
        this.group = b.group;
        this.ownsClient = b.shared() == null;
        this.client = b.shared() != null ? b.shared() : new ClientInstance(Objects.requireNonNull(b.settings(),
                "set namesrvAddr or a ClientConfig"));
        this.retries = b.retries;
        this.selector = b.selector;
        this.avoidance = new BrokerAvoidance(clock, b.avoidBrokerFor.toMillis());
        client.registerProducerGroup(group);
    }

    /** A builder for a producer of {@code group} (RocketMQ's producer group: letters, digits, {@code -_%|}). */
    public static Builder builder(String group) {
        return new Builder(group);
    }

    /** The producer group. */
    public String group() {
        return group;
    }

    /** Sends and waits until the broker stored the message; throws {@link ClientException} when it could not. */
    public SendResult send(Message msg) {
        return send(msg, MessageSysFlag.TRANSACTION_NOT_TYPE);
    }

    /** {@link #send(Message)} with a sysFlag: the transaction type of a half message. */
    SendResult send(Message msg, int sysFlag) {
        prepare(msg);
        TopicRoute route = client.route(msg.getTopic());
        ClientException last = null;
        List<String> tried = new ArrayList<>();
        for (int attempt = 0; attempt <= retries; attempt++) {
            MessageQueue queue = choose(route, msg, tried);
            String addr = route.masterAddr(queue.brokerName());
            try {
                RemotingCommand response = client.remoting().invokeSync(addr, request(msg, queue, sysFlag),
                        client.timeoutMillis());
                if (SendRequests.RETRYABLE.contains(response.getCode()) && attempt < retries) {
                    last = new ClientException(response.getCode(), response.getRemark());
                    fail(queue, tried);
                    route = refreshed(msg.getTopic(), route);
                    continue;
                }
                SendResult result = SendRequests.result(response, msg, queue);
                avoidance.succeeded(queue.brokerName());
                return result;
            } catch (RemotingException e) {
                last = new ClientException(-1, "send to " + addr + " failed: " + e.getMessage(), e);
                fail(queue, tried);
            }
        }
        throw new ClientException(last.responseCode(), "message to " + msg.getTopic() + " not sent after "
                + (retries + 1) + " attempts (" + String.join(", ", tried) + "): " + last.getMessage(), last);
    }

    /** Sends without blocking; the future completes when the broker stored the message (retries included). */
    public CompletableFuture<SendResult> sendAsync(Message msg) {
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        try {
            prepare(msg);
            sendAsync(msg, client.route(msg.getTopic()), 0, new ArrayList<>(), result);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    private void sendAsync(Message msg, TopicRoute route, int attempt, List<String> tried,
                           CompletableFuture<SendResult> result) {
        MessageQueue queue = choose(route, msg, tried);
        String addr = route.masterAddr(queue.brokerName());
        try {
            client.remoting().invokeAsync(addr, request(msg, queue), client.timeoutMillis(), (response, failure) -> {
                boolean retryable = failure != null || SendRequests.RETRYABLE.contains(response.getCode());
                if (retryable && attempt < retries) {
                    fail(queue, tried);
                    sendAsync(msg, route, attempt + 1, tried, result);
                    return;
                }
                if (failure != null) {
                    result.completeExceptionally(new ClientException(-1, "send to " + addr + " failed: "
                            + failure.getMessage(), failure));
                    return;
                }
                try {
                    result.complete(SendRequests.result(response, msg, queue));
                    avoidance.succeeded(queue.brokerName());
                } catch (ClientException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RemotingException e) {
            if (attempt < retries) {
                fail(queue, tried);
                sendAsync(msg, route, attempt + 1, tried, result);
            } else {
                result.completeExceptionally(new ClientException(-1, "send to " + addr + " failed: " + e.getMessage(), e));
            }
        }
    }

    /** Writes the message and returns at once: no result, no retry. */
    public void sendOneway(Message msg) {
        prepare(msg);
        TopicRoute route = client.route(msg.getTopic());
        MessageQueue queue = choose(route, msg, List.of());
        try {
            client.remoting().invokeOneway(route.masterAddr(queue.brokerName()), request(msg, queue),
                    client.timeoutMillis());
        } catch (RemotingException e) {
            throw new ClientException(-1, "oneway send to " + queue + " failed: " + e.getMessage(), e);
        }
    }

    private void prepare(Message msg) {
        Objects.requireNonNull(msg, "message");
        NameCheck check = TopicValidator.validateTopic(msg.getTopic());
        if (!check.valid()) {
            throw new IllegalArgumentException("topic: " + check.reason());
        }
        if (msg.getBody() == null || msg.getBody().length == 0) {
            throw new IllegalArgumentException("message body is empty");
        }
        if (msg.getBody().length > MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("message body is " + msg.getBody().length + " bytes, over the "
                    + MAX_MESSAGE_SIZE + " byte limit");
        }
        if (msg.getUniqKey() == null) {
            msg.putProperty(MessageConst.UNIQ_KEY, IDS.next());
        }
    }

    private RemotingCommand request(Message msg, MessageQueue queue) {
        return request(msg, queue, MessageSysFlag.TRANSACTION_NOT_TYPE);
    }

    private RemotingCommand request(Message msg, MessageQueue queue, int sysFlag) {
        return SendRequests.request(group, msg, queue, sysFlag, clock.millis());
    }


    private MessageQueue choose(TopicRoute route, Message msg, List<String> tried) {
        List<MessageQueue> queues = route.writeQueues();
        if (queues.isEmpty()) {
            throw new ClientException("topic " + msg.getTopic() + " has no writable queue on a live broker master");
        }
        if (selector != null && tried.isEmpty()) {
            return selector.select(queues, msg);
        }
        int start = Math.floorMod(roundRobin.getAndIncrement(), queues.size());
        for (int i = 0; i < queues.size(); i++) {
            MessageQueue q = queues.get((start + i) % queues.size());
            if (!tried.contains(q.brokerName()) && !avoidance.avoided(q.brokerName())) {
                return q;
            }
        }
        return queues.get(start);
    }

    private void fail(MessageQueue queue, List<String> tried) {
        tried.add(queue.brokerName());
        avoidance.failed(queue.brokerName());
    }

    private TopicRoute refreshed(String topic, TopicRoute current) {
        try {
            return client.fetchRoute(topic);
        } catch (ClientException e) {
            return current;
        }
    }

    @Override
    public void close() {
        client.unregisterProducerGroup(group);
        if (ownsClient) {
            client.close();
        }
    }

    /** Settings of a producer; the group and a name server address (or config) are required. */
    public static final class Builder extends ClientBuilder<Builder> {
        private final String group;
        private int retries = 2;
        private QueueSelector selector;
        private Duration avoidBrokerFor = Duration.ofSeconds(30);

        private Builder(String group) {
            this.group = group;
        }

        @Override
        protected Builder self() {
            return this;
        }

        private ClientConfig settings() {
            return config;
        }

        private ClientInstance shared() {
            return client;
        }

        /** Extra attempts on another broker after a failure (default 2, as RocketMQ). */
        public Builder retries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must be >= 0");
            }
            this.retries = retries;
            return this;
        }

        /** Chooses each message's queue (default round-robin); a retry after a failure goes round-robin. */
        public Builder queueSelector(QueueSelector selector) {
            this.selector = selector;
            return this;
        }

        /** How long a broker that failed a send is skipped by later sends (default 30 s). */
        public Builder avoidFailedBrokerFor(Duration duration) {
            this.avoidBrokerFor = duration;
            return this;
        }

        /** Builds the producer; it connects on the first send. */
        public Producer build() {
            return new Producer(this);
        }
    }
}
