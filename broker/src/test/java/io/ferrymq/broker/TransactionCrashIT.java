package io.ferrymq.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a broker (a child JVM) holding committed and pending transactions: after the restart the
 * pending ones are checked again and committed once, the committed ones are not delivered twice.
 */
class TransactionCrashIT {
    private static final String TOPIC = "CrashTxTopic";

    @TempDir
    Path dir;
    private ChildBroker servers;

    @BeforeEach
    void start() throws Exception {
        servers = new ChildBroker(dir, "flushConsumerOffsetInterval=200", "transactionTimeOut=1000", "transactionCheckInterval=1000", "transactionScanPeriod=50");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void pendingTransactionsAreCheckedAgainAndCommittedOnceAfterKill9() throws Exception {
        AtomicBoolean answerCommit = new AtomicBoolean(false);
        AtomicInteger checksBeforeCrash = new AtomicInteger();
        AtomicInteger commitAnswers = new AtomicInteger();
        TransactionMQProducer producer = new TransactionMQProducer(OfficialClients.unique("crash-tx"));
        producer.setNamesrvAddr(servers.namesrvAddr());
        producer.setVipChannelEnabled(false);
        producer.setInstanceName(OfficialClients.unique("producer"));
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return new String(msg.getBody(), StandardCharsets.UTF_8).startsWith("commit")
                        ? LocalTransactionState.COMMIT_MESSAGE : LocalTransactionState.UNKNOW;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                if (!answerCommit.get()) {
                    checksBeforeCrash.incrementAndGet();
                    return LocalTransactionState.UNKNOW;
                }
                commitAnswers.incrementAndGet();
                return LocalTransactionState.COMMIT_MESSAGE;
            }
        });
        producer.start();
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = null;
        try {
            for (int i = 0; i < 5; i++) {
                producer.sendMessageInTransaction(new Message(TOPIC, "T", ("commit-" + i).getBytes(StandardCharsets.UTF_8)), null);
                producer.sendMessageInTransaction(new Message(TOPIC, "T", ("pending-" + i).getBytes(StandardCharsets.UTF_8)), null);
            }
            BrokerHarness.await("check-backs before the crash", Duration.ofSeconds(40),
                    () -> checksBeforeCrash.get() >= 5);

            servers.kill9();
            answerCommit.set(true);
            servers.start();
            producer.getDefaultMQProducerImpl().getmQClientFactory().sendHeartbeatToAllBrokerWithLock();

            consumer = OfficialClients.consumer(servers.namesrvAddr(), OfficialClients.unique("crash-cg"),
                    TOPIC, "*", (MessageListenerConcurrently) (msgs, ctx) -> {
                        msgs.forEach(m -> deliveries.computeIfAbsent(new String(m.getBody(), StandardCharsets.UTF_8),
                                k -> new AtomicInteger()).incrementAndGet());
                        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                    });
            consumer.start();
            BrokerHarness.await("all 10 transactions delivered", Duration.ofSeconds(60), () -> {
                producer.getDefaultMQProducerImpl().getmQClientFactory().sendHeartbeatToAllBrokerWithLock();
                return deliveries.size() == 10;
            });
            List<MessageQueue> queues = producer.fetchPublishMessageQueues(TOPIC);
            long stored = 0;
            for (MessageQueue q : queues) {
                stored += producer.maxOffset(q);
            }
            assertEquals(10, stored, "each transaction's message stored exactly once");
        } finally {
            if (consumer != null) {
                consumer.shutdown();
            }
            producer.shutdown();
        }
        deliveries.forEach((body, n) -> assertEquals(1, n.get(), body + " delivered " + n + " times"));
    }
}
