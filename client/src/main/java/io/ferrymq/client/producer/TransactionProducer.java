package io.ferrymq.client.producer;

import io.ferrymq.client.ClientBuilder;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.internal.ClientInstance;
import io.ferrymq.client.internal.TransactionCheck;
import io.ferrymq.common.message.Message;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageId;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.topic.NameCheck;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.common.topic.TopicValidator;
import io.ferrymq.remoting.RemotingAddress;
import io.ferrymq.remoting.exception.RemotingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends messages that are delivered only if a local transaction commits (RocketMQ's transactional
 * model). {@link #send} stores a half message (invisible to consumers), runs
 * {@link TransactionListener#execute}, then sends END_TRANSACTION commit or rollback (oneway). When
 * that answer is lost, or the listener said {@code UNKNOWN}, the broker asks a live producer of the
 * group ({@link TransactionListener#check}) until it gets an answer.
 *
 * <p>A delay level or other delivery properties of the message are kept: the broker starts the delay
 * when the transaction commits.
 *
 * <pre>{@code
 * try (TransactionProducer producer = TransactionProducer.builder("order-service")
 *         .namesrvAddr("127.0.0.1:9876").listener(listener).topics("OrderCreated").build()) {
 *     TransactionSendResult r = producer.send(new Message("OrderCreated", "new", "order-42", body), order);
 * }
 * }</pre>
 */
public final class TransactionProducer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionProducer.class);

    private final String group;
    private final TransactionListener listener;
    private final ClientInstance client;
    private final boolean ownsClient;
    private final Producer producer;
    private volatile boolean closed;

    private TransactionProducer(Builder b) {
        NameCheck check = TopicValidator.validateGroup(b.group);
        if (!check.valid()) {
            throw new IllegalArgumentException("producer group: " + check.reason());
        }
        this.group = b.group;
        this.listener = Objects.requireNonNull(b.listener, "a TransactionListener is required");
        this.ownsClient = b.shared() == null;
        this.client = b.shared() != null ? b.shared() : new ClientInstance(Objects.requireNonNull(b.settings(),
                "set namesrvAddr or a ClientConfig"));
        try {
            client.registerTransactionChecker(group, this::answerCheck); // fails if the group is taken here
        } catch (RuntimeException e) {
            closeOwnedClient();
            throw e;
        }
        try {
            this.producer = Producer.builder(group).clientInstance(client).retries(b.retries).build();
        } catch (RuntimeException e) {
            client.unregisterTransactionChecker(group);
            closeOwnedClient();
            throw e;
        }
        learnBrokers(b.topics);
    }

    /** A builder for a transactional producer of {@code group}; check-backs go to any live member of it. */
    public static Builder builder(String group) {
        return new Builder(group);
    }

    private void closeOwnedClient() {
        if (ownsClient) {
            client.close();
        }
    }

    /** The producer group. */
    public String group() {
        return group;
    }

    /**
     * Routes the given topics and the auto-create template, so the heartbeat reaches their brokers now:
     * a restarted process can then answer check-backs before it sends anything itself.
     */
    private void learnBrokers(List<String> topics) {
        List<String> all = new ArrayList<>(topics);
        all.add(SystemTopics.AUTO_CREATE_TOPIC_KEY_TOPIC);
        for (String topic : all) {
            try {
                client.route(topic);
            } catch (ClientException e) {
                LOG.debug("no route for {} yet: {}", topic, e.getMessage());
            }
        }
        client.heartbeatQuietly();
    }

    /**
     * Stores {@code msg} as a half message, runs the listener's {@code execute(msg, arg)}, and commits or
     * rolls back as it says. A half message the broker refused to store ({@link ClientException}) runs
     * nothing; one stored with a degraded status (flush timeout) is rolled back without running the
     * local transaction.
     *
     * @throws LocalTransactionException when {@code execute} threw: the transaction stays {@code UNKNOWN}
     */
    public TransactionSendResult send(Message msg, Object arg) {
        Objects.requireNonNull(msg, "message");
        if (closed) {
            throw new IllegalStateException("transaction producer " + group + " is closed");
        }
        msg.putProperty(MessageConst.TRAN_MSG, "true");
        msg.putProperty(MessageConst.PGROUP, group);
        SendResult half = producer.send(msg, MessageSysFlag.TRANSACTION_PREPARED_TYPE);
        if (half.status() != SendStatus.SEND_OK) {
            LOG.warn("half message {} stored with status {}: rolling back", half.msgId(), half.status());
            endTransaction(half, msg, LocalTransactionState.ROLLBACK);
            return new TransactionSendResult(half, LocalTransactionState.ROLLBACK);
        }
        LocalTransactionState state;
        try {
            state = listener.execute(msg, arg);
        } catch (Exception e) {
            throw new LocalTransactionException(new TransactionSendResult(half, LocalTransactionState.UNKNOWN), e);
        }
        if (state == null) {
            state = LocalTransactionState.UNKNOWN;
        }
        if (state != LocalTransactionState.UNKNOWN) {
            endTransaction(half, msg, state);
        }
        return new TransactionSendResult(half, state);
    }

    /** Oneway, as RocketMQ: a lost END_TRANSACTION is repaired by the broker's check-back. */
    private void endTransaction(SendResult half, Message msg, LocalTransactionState state) {
        MessageId where = MessageId.parse(half.offsetMsgId());
        String addr = client.route(msg.getTopic()).masterAddr(half.queue().brokerName());
        if (addr == null) {
            addr = RemotingAddress.toText(where.address());
        }
        String transactionId = half.transactionId() != null ? half.transactionId() : half.msgId();
        try {
            client.remoting().invokeOneway(addr, EndTransactions.request(group, half.queueOffset(), where.offset(),
                    state, false, half.msgId(), transactionId, half.queue().brokerName()), client.timeoutMillis());
        } catch (RemotingException e) {
            LOG.warn("END_TRANSACTION {} of {} to {} not sent ({}); the broker will ask back", state,
                    half.msgId(), addr, e.getMessage());
        }
    }

    /** Runs on the client's transaction-check executor. */
    private void answerCheck(TransactionCheck check) {
        MessageView view = new MessageView(check.message());
        LocalTransactionState state;
        try {
            state = listener.check(view);
        } catch (Exception e) {
            LOG.warn("check of transaction {} threw; left unknown for the next check-back", view.transactionId(), e);
            return;
        }
        if (state == null || state == LocalTransactionState.UNKNOWN) {
            return;
        }
        String msgId = check.msgId() != null ? check.msgId() : view.transactionId();
        String transactionId = check.transactionId() != null ? check.transactionId() : msgId;
        try {
            client.remoting().invokeOneway(check.brokerAddr(), EndTransactions.request(group,
                    check.tranStateTableOffset(), check.commitLogOffset(), state, true, msgId, transactionId,
                    null), client.timeoutMillis());
        } catch (RemotingException e) {
            LOG.warn("answer {} to the check of {} not sent to {}: {}", state, msgId, check.brokerAddr(),
                    e.getMessage());
        }
    }

    /** Stops answering check-backs and unregisters the group; other processes of the group take over. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        client.unregisterTransactionChecker(group);
        producer.close();
        closeOwnedClient();
    }

    /** Settings of a transactional producer; the group, a listener and a name server address are required. */
    public static final class Builder extends ClientBuilder<Builder> {
        private final String group;
        private TransactionListener listener;
        private int retries = 2;
        private final List<String> topics = new ArrayList<>();

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

        /** Runs the local transactions and answers check-backs (required). */
        public Builder listener(TransactionListener listener) {
            this.listener = listener;
            return this;
        }

        /** Extra attempts to store the half message on another broker (default 2). */
        public Builder retries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must be >= 0");
            }
            this.retries = retries;
            return this;
        }

        /**
         * Topics this producer sends to: their brokers learn of the group at start, so check-backs of
         * transactions an earlier process left open are answered before the first send.
         */
        public Builder topics(String... topics) {
            this.topics.addAll(List.of(topics));
            return this;
        }

        /**
         * Builds the producer and heartbeats the brokers of its topics, so it answers check-backs at once.
         *
         * @throws IllegalStateException when another transactional producer of the group runs on the same
         *     client instance
         */
        public TransactionProducer build() {
            return new TransactionProducer(this);
        }
    }
}
