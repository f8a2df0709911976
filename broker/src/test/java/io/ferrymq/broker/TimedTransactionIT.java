package io.ferrymq.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferrymq.broker.send.MessageWriter;
import io.ferrymq.broker.timer.TimerRewrite;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.message.UniqueIdGenerator;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.GetStatus;
import io.ferrymq.store.MessageFilter;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.commitlog.PutStatus;
import io.ferrymq.transaction.HalfMessages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transactional timer message (official 4.9.8 producer, TIMER_DELAY_SEC) whose commit was parked in
 * rmq_sys_wheel_timer just before the broker went down without its op record: after the restart the
 * producer's answer to the check-back (COMMIT) finds the parked copy, stores nothing, and the consumer
 * gets the message once, at its time. (The 4.9.8 producer drops a delay level from transactional
 * messages itself, so delay levels are covered by the transaction module's tests.)
 */
class TimedTransactionIT {
    private static final String TOPIC = "DelayedTxTopic";

    @TempDir
    Path dir;
    private BrokerHarness harness;

    @BeforeEach
    void start() throws Exception {
        Properties p = new Properties();
        p.setProperty("transactionTimeOut", "1000");
        p.setProperty("transactionCheckInterval", "1000");
        p.setProperty("transactionScanPeriod", "50");
        harness = new BrokerHarness(dir, p);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private long stored(String topic, int queues) {
        MessageStore store = harness.broker.store();
        long n = 0;
        for (int q = 0; q < queues; q++) {
            n += Math.max(0, store.maxOffset(topic, q));
        }
        return n;
    }

    /** Stores the transaction's commit the way a commit does (parked until its time), and no op record. */
    private void commitWithoutOp() throws InterruptedException {
        MessageStore store = harness.broker.store();
        BrokerHarness.await("the half message", Duration.ofSeconds(10),
                () -> store.maxOffset(SystemTopics.TRANS_HALF_TOPIC, 0) == 1);
        io.ferrymq.common.message.MessageExt half;
        try (GetResult r = store.getMessages(SystemTopics.TRANS_HALF_TOPIC, 0, 0, 1, Integer.MAX_VALUE,
                MessageFilter.ALL)) {
            assertEquals(GetStatus.FOUND, r.status());
            half = MessageRecord.decode(r.messages().get(0).duplicate(), true, false);
        }
        MessageWriter writer = new MessageWriter(store, harness.broker.topics(), 18, new TimerRewrite(true,
                Duration.ofDays(1), InstantSource.system(), UniqueIdGenerator.createDefault()));
        assertEquals(PutStatus.PUT_OK, writer.put(HalfMessages.toCommitted(half)).join().status());
    }

    @Test
    void aTimedCommitStoredBeforeACrashIsDeliveredOnceWhenTheCheckBackCommitsAgain() throws Exception {
        AtomicBoolean crashed = new AtomicBoolean();
        AtomicInteger commitAnswers = new AtomicInteger();
        TransactionMQProducer producer = new TransactionMQProducer(OfficialClients.unique("delayed-tx"));
        producer.setNamesrvAddr(harness.namesrvAddr);
        producer.setInstanceName(OfficialClients.unique("producer"));
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return LocalTransactionState.UNKNOW; // the decision is "lost" with the crash
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                if (!crashed.get()) {
                    return LocalTransactionState.UNKNOW;
                }
                commitAnswers.incrementAndGet();
                return LocalTransactionState.COMMIT_MESSAGE;
            }
        });
        producer.start();
        harness.onClose(producer::shutdown);
        Message order = new Message(TOPIC, "T", "order-1", "delayed order".getBytes(StandardCharsets.UTF_8));
        order.putUserProperty("TIMER_DELAY_SEC", "6"); // still parked when the check-back comes
        producer.sendMessageInTransaction(order, null);

        commitWithoutOp();
        harness.restartBroker();
        crashed.set(true);
        producer.getDefaultMQProducerImpl().getmQClientFactory().sendHeartbeatToAllBrokerWithLock();

        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        harness.consumer(OfficialClients.unique("delayed-tx-cg"), TOPIC, "*", (msgs, ctx) -> {
            msgs.forEach(m -> deliveries.computeIfAbsent(m.getKeys(), k -> new AtomicInteger()).incrementAndGet());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }).start();
        BrokerHarness.await("the check-back answered COMMIT and the transaction resolved", Duration.ofSeconds(40),
                () -> {
                    producer.getDefaultMQProducerImpl().getmQClientFactory().sendHeartbeatToAllBrokerWithLock();
                    return commitAnswers.get() >= 1 && harness.broker.transactions().pendingCount() == 0;
                });
        MessageStore store = harness.broker.store();
        long logEnd = store.commitLog().maxOffset();
        BrokerHarness.await("the resolution dispatched", Duration.ofSeconds(10),
                () -> store.dispatchedOffset() >= logEnd);
        assertEquals(1, store.maxOffset(SystemTopics.TIMER_TOPIC, 0), "parked once, not twice");
        BrokerHarness.await("the delivery", Duration.ofSeconds(30), () -> deliveries.containsKey("order-1"));
        assertEquals(1, stored(TOPIC, 8), "stored in its topic once");
        assertEquals(1, deliveries.get("order-1").get());
        assertEquals(0, harness.broker.transactions().stats().commits(),
                "the check-back's COMMIT found the parked copy and committed nothing new");
    }
}
