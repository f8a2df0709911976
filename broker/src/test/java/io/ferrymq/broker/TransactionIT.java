package io.ferrymq.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official 4.9.8 TransactionMQProducer against FerryMQ: commit, rollback, and check-back of UNKNOW. */
class TransactionIT {
    private static final String TOPIC = "TxTopic";

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

    @Test
    void committedAndCheckedBackTransactionsAreDeliveredRolledBackOnesNever() throws Exception {
        Map<String, MessageExt> received = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("tx-consumer");
        consumer.setNamesrvAddr(harness.namesrvAddr);
        consumer.setInstanceName("tx-consumer-" + System.nanoTime());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(TOPIC, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> received.put(new String(m.getBody(), StandardCharsets.UTF_8), m));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });

        AtomicInteger checks = new AtomicInteger();
        Set<String> checkedIds = ConcurrentHashMap.newKeySet();
        TransactionMQProducer producer = new TransactionMQProducer("tx-producer");
        producer.setNamesrvAddr(harness.namesrvAddr);
        producer.setInstanceName("tx-producer-" + System.nanoTime());
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return switch (new String(msg.getBody(), StandardCharsets.UTF_8)) {
                    case "commit" -> LocalTransactionState.COMMIT_MESSAGE;
                    case "rollback" -> LocalTransactionState.ROLLBACK_MESSAGE;
                    default -> LocalTransactionState.UNKNOW;
                };
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                checks.incrementAndGet();
                checkedIds.add(msg.getTransactionId());
                return "unknown".equals(new String(msg.getBody(), StandardCharsets.UTF_8))
                        ? LocalTransactionState.COMMIT_MESSAGE : LocalTransactionState.ROLLBACK_MESSAGE;
            }
        });
        producer.start();
        try {
            TransactionSendResult commit = producer.sendMessageInTransaction(
                    new Message(TOPIC, "TagA", "k-commit", "commit".getBytes(StandardCharsets.UTF_8)), null);
            TransactionSendResult rollback = producer.sendMessageInTransaction(
                    new Message(TOPIC, "TagA", "k-rollback", "rollback".getBytes(StandardCharsets.UTF_8)), null);
            TransactionSendResult unknown = producer.sendMessageInTransaction(
                    new Message(TOPIC, "TagA", "k-unknown", "unknown".getBytes(StandardCharsets.UTF_8)), null);
            assertEquals(SendStatus.SEND_OK, commit.getSendStatus());
            assertEquals(LocalTransactionState.COMMIT_MESSAGE, commit.getLocalTransactionState());
            assertEquals(LocalTransactionState.ROLLBACK_MESSAGE, rollback.getLocalTransactionState());
            assertEquals(LocalTransactionState.UNKNOW, unknown.getLocalTransactionState());
            consumer.start(); // after the first send created the topic, so its route exists

            BrokerHarness.await("the committed and the checked-back messages", Duration.ofSeconds(40),
                    () -> received.containsKey("commit") && received.containsKey("unknown"));
            assertTrue(checkedIds.contains(unknown.getMsgId()), "check-back named the transaction by its id");
            MessageExt delivered = received.get("unknown");
            assertEquals("k-unknown", delivered.getKeys());
            assertEquals(unknown.getMsgId(), delivered.getMsgId(), "the unique id survives commit");
        } finally {
            producer.shutdown();
            consumer.shutdown();
        }
        assertFalse(received.containsKey("rollback"), "a rolled-back transaction was delivered");
        assertEquals(2, received.size());
        assertTrue(checks.get() >= 1);
    }
}
