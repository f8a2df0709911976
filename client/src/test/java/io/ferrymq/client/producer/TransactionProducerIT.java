package io.ferrymq.client.producer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerHarness;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.Deliveries;
import io.ferrymq.common.message.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FerryMQ's TransactionProducer against the in-process broker (check-back scan every second, half
 * messages checked after 1 s), deliveries observed with the official 4.9.8 push consumer.
 */
class TransactionProducerIT {
    @TempDir
    Path dir;
    private BrokerHarness harness;

    @BeforeEach
    void start() throws Exception {
        Properties p = new Properties();
        p.setProperty("transactionTimeOut", "1000");
        p.setProperty("transactionCheckInterval", "1000");
        p.setProperty("transactionScanPeriod", "50");
        p.setProperty("messageDelayLevel", "1s 5s 10s");
        harness = new BrokerHarness(dir, p);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private ClientConfig config() {
        return ClientConfig.builder().namesrvAddr(harness.namesrvAddr).instanceName("tx-" + System.nanoTime()).build();
    }

    private static Message message(String topic, String body) {
        return new Message(topic, "TagA", "key-" + body, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(MessageView msg) {
        return new String(msg.body(), StandardCharsets.UTF_8);
    }

    @Test
    void commitIsDeliveredRollbackNeverAndUnknownIsResolvedByTheCheck() throws Exception {
        String topic = "SdkTxTopic";
        Map<String, String> checked = new ConcurrentHashMap<>();
        TransactionListener listener = new TransactionListener() {
            @Override
            public LocalTransactionState execute(Message msg, Object arg) {
                return switch (new String(msg.getBody(), StandardCharsets.UTF_8)) {
                    case "commit" -> LocalTransactionState.COMMIT;
                    case "rollback" -> LocalTransactionState.ROLLBACK;
                    case "throws" -> throw new IllegalStateException("local transaction failed");
                    default -> LocalTransactionState.UNKNOWN;
                };
            }

            @Override
            public LocalTransactionState check(MessageView msg) {
                checked.put(body(msg), msg.transactionId());
                // the local truth: "unknown" committed after all, "throws" never did
                return switch (body(msg)) {
                    case "commit", "unknown" -> LocalTransactionState.COMMIT;
                    default -> LocalTransactionState.ROLLBACK;
                };
            }
        };
        Deliveries deliveries = new Deliveries();
        DefaultMQPushConsumer consumer = harness.consumer("sdk-tx-consumer", topic, "*", deliveries.listener());
        try (TransactionProducer producer = TransactionProducer.builder("sdk-tx-producer").config(config())
                .listener(listener).build()) {
            TransactionSendResult commit = producer.send(message(topic, "commit"), null);
            TransactionSendResult rollback = producer.send(message(topic, "rollback"), null);
            TransactionSendResult unknown = producer.send(message(topic, "unknown"), null);
            LocalTransactionException thrown = assertThrows(LocalTransactionException.class,
                    () -> producer.send(message(topic, "throws"), null));
            assertEquals(LocalTransactionState.COMMIT, commit.state());
            assertEquals(LocalTransactionState.ROLLBACK, rollback.state());
            assertEquals(LocalTransactionState.UNKNOWN, unknown.state());
            assertEquals(LocalTransactionState.UNKNOWN, thrown.result().state());
            assertEquals(SendStatus.SEND_OK, commit.sendResult().status());
            consumer.start();

            BrokerHarness.await("the committed and the checked-back messages", Duration.ofSeconds(40),
                    () -> deliveries.received("commit") && deliveries.received("unknown"));
            BrokerHarness.await("the check of the transaction whose execute threw", Duration.ofSeconds(30),
                    () -> checked.containsKey("throws"));
            assertEquals(unknown.msgId(), checked.get("unknown"), "the check names the transaction by its id");
            assertEquals(thrown.result().msgId(), checked.get("throws"));
            assertEquals(unknown.msgId(), deliveries.first("unknown").message().getMsgId(), "id kept by the commit");
            assertEquals("key-unknown", deliveries.first("unknown").message().getKeys());
        }
        assertFalse(deliveries.received("rollback"), "a rolled-back transaction was delivered");
        assertFalse(deliveries.received("throws"), "a transaction the check rolled back was delivered");
        assertEquals(1, deliveries.count("commit"));
        assertEquals(1, deliveries.count("unknown"));
    }

    @Test
    void delayLevelStartsWhenTheTransactionCommits() throws Exception {
        String topic = "SdkTxDelayTopic";
        AtomicLong committedAt = new AtomicLong();
        TransactionListener listener = new TransactionListener() {
            @Override
            public LocalTransactionState execute(Message msg, Object arg) {
                committedAt.set(System.currentTimeMillis()); // END_TRANSACTION leaves after this
                return LocalTransactionState.COMMIT;
            }

            @Override
            public LocalTransactionState check(MessageView msg) {
                return LocalTransactionState.UNKNOWN;
            }
        };
        Deliveries deliveries = new Deliveries();
        DefaultMQPushConsumer consumer = harness.consumer("sdk-tx-delay-consumer", topic, "*", deliveries.listener());
        try (TransactionProducer producer = TransactionProducer.builder("sdk-tx-delay").config(config())
                .listener(listener).build()) {
            Message msg = message(topic, "delayed");
            msg.setDelayTimeLevel(2); // 5 s in this broker's table
            TransactionSendResult result = producer.send(msg, null);
            assertEquals(LocalTransactionState.COMMIT, result.state());
            consumer.start();
            BrokerHarness.await("the delayed transactional message", Duration.ofSeconds(40),
                    () -> deliveries.received("delayed"));
        }
        long waited = deliveries.first("delayed").receivedAtMillis() - committedAt.get();
        assertTrue(waited >= 4_990, "delivered " + waited + " ms after commit, before the 5 s delay");
        assertEquals(1, deliveries.count("delayed"));
    }
}
