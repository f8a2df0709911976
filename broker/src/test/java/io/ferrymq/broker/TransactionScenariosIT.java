package io.ferrymq.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.remoting.netty.NettyClientConfig;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.TransactionTimelineBody;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transactions with the official 4.9.8 TransactionMQProducer and push consumer, at some volume and with awkward producers. */
class TransactionScenariosIT {
    @TempDir
    Path dir;
    private BrokerHarness harness;
    private TxAdminClient admin;
    private final java.util.List<TransactionMQProducer> producers = new java.util.ArrayList<>();

    private void start(long timeoutMillis, long intervalMillis, int checkMax) throws Exception {
        Properties p = new Properties();
        p.setProperty("transactionTimeOut", Long.toString(timeoutMillis));
        p.setProperty("transactionCheckInterval", Long.toString(intervalMillis));
        p.setProperty("transactionCheckMax", Integer.toString(checkMax));
        p.setProperty("transactionScanPeriod", "50");
        harness = new BrokerHarness(dir, p);
        admin = new TxAdminClient(() -> harness.broker.address());
    }

    @AfterEach
    void stop() {
        producers.forEach(TransactionMQProducer::shutdown);
        if (admin != null) {
            admin.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    private TransactionMQProducer producer(String group, TransactionListener listener) throws Exception {
        TransactionMQProducer p = new TransactionMQProducer(group);
        p.setNamesrvAddr(harness.namesrvAddr);
        p.setVipChannelEnabled(false);
        p.setInstanceName(OfficialClients.unique("tx-producer"));
        p.setTransactionListener(listener);
        producers.add(p);
        p.start();
        return p;
    }

    /** Counts deliveries per key of a fresh consumer group. */
    private Map<String, AtomicInteger> consume(String topic) throws Exception {
        BrokerHarness.await("route of " + topic, Duration.ofSeconds(30),
                () -> harness.namesrv.routes().pickupTopicRouteData(topic) != null);
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        harness.consumer(OfficialClients.unique("tx-cg"), topic, "*", (MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> deliveries.computeIfAbsent(m.getKeys(), k -> new AtomicInteger()).incrementAndGet());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }).start();
        return deliveries;
    }

    private static long stored(TransactionMQProducer producer, String topic) throws Exception {
        long stored = 0;
        for (MessageQueue q : producer.fetchPublishMessageQueues(topic)) {
            stored += producer.maxOffset(q);
        }
        return stored;
    }

    @Test
    void aThousandTransactionsCommittedRolledBackOrCheckedBackAreDeliveredExactlyAsDecided() throws Exception {
        start(1000, 1000, 5);
        String topic = "TxVolume";
        int count = 1000;
        TransactionMQProducer producer = producer(OfficialClients.unique("volume"), new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return switch (indexOf(msg.getKeys()) % 3) {
                    case 0 -> LocalTransactionState.COMMIT_MESSAGE;
                    case 1 -> LocalTransactionState.ROLLBACK_MESSAGE;
                    default -> LocalTransactionState.UNKNOW;
                };
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                return indexOf(msg.getKeys()) % 2 == 0 ? LocalTransactionState.COMMIT_MESSAGE
                        : LocalTransactionState.ROLLBACK_MESSAGE;
            }
        });
        Set<String> expected = new HashSet<>();
        long began = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String key = "key-" + i;
            producer.sendMessageInTransaction(new Message(topic, "T", key, key.getBytes(StandardCharsets.UTF_8)), null);
            if (i % 3 == 0 || (i % 3 == 2 && i % 2 == 0)) {
                expected.add(key);
            }
        }
        Map<String, AtomicInteger> deliveries = consume(topic);
        BrokerHarness.await("every transaction decided", Duration.ofSeconds(40),
                () -> admin.stats().pending() == 0 && harness.broker.transactions().stats().halves() == count);
        BrokerHarness.await(expected.size() + " committed messages delivered", Duration.ofSeconds(40),
                () -> deliveries.size() >= expected.size());
        assertEquals(expected, deliveries.keySet(), "exactly the committed set, no rolled-back key");
        deliveries.forEach((key, n) -> assertEquals(1, n.get(), key + " delivered " + n + " times"));
        assertEquals(expected.size(), stored(producer, topic), "each committed transaction stored once");
        assertEquals(0, admin.stats().stuck());
        assertTrue(admin.stats().checksSent() >= count / 3, "the UNKNOW third was checked back");
        long seconds = (System.nanoTime() - began) / 1_000_000_000L;
        assertTrue(seconds < 60, "took " + seconds + " s");
    }

    @Test
    void anotherProducerOfTheGroupAnswersWhenTheSenderIsGone() throws Exception {
        start(1000, 1000, 5);
        String topic = "TxHandover";
        String group = OfficialClients.unique("handover");
        TransactionMQProducer first = producer(group, new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return LocalTransactionState.UNKNOW;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                throw new AssertionError("the first producer is gone");
            }
        });
        TransactionSendResult sent = first.sendMessageInTransaction(new Message(topic, "T", "handover-1",
                "order".getBytes(StandardCharsets.UTF_8)), null);
        first.shutdown();
        producers.remove(first);

        Set<String> checkedBySecond = ConcurrentHashMap.newKeySet();
        TransactionMQProducer second = producer(group, new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return LocalTransactionState.UNKNOW;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                checkedBySecond.add(msg.getTransactionId());
                return LocalTransactionState.COMMIT_MESSAGE;
            }
        });
        Map<String, AtomicInteger> deliveries = consume(topic);
        BrokerHarness.await("delivered after the second producer's answer", Duration.ofSeconds(30),
                () -> deliveries.containsKey("handover-1"));
        assertTrue(checkedBySecond.contains(sent.getMsgId()));
        assertEquals(1, stored(second, topic));

        TransactionTimelineBody.Timeline timeline = admin.timeline(sent.getMsgId()).timelines().get(0);
        TransactionTimelineBody.Event half = timeline.events().get(0);
        TransactionTimelineBody.Event check = timeline.events().stream()
                .filter(e -> e.kind().equals("CHECK_SENT")).reduce((a, b) -> b).orElseThrow();
        TransactionTimelineBody.Event commit = timeline.events().get(timeline.events().size() - 1);
        assertNotEquals(half.who(), check.who(), "the check went to the second producer, not the sender");
        assertEquals("COMMITTED", commit.kind());
        assertEquals(check.who(), commit.who(), "the second producer's answer");
        assertEquals("answer to a check-back", commit.detail());
    }

    @Test
    void aProducerClockAnHourOffGetsNoEarlierCheckThanACorrectOne() throws Exception {
        long timeout = 2000;
        start(timeout, 1000, 5);
        String topic = "TxSkew";
        String group = OfficialClients.unique("skew");
        Map<String, Long> firstCheckNanos = new ConcurrentHashMap<>();
        TransactionMQProducer producer = producer(group, new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return LocalTransactionState.UNKNOW;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                firstCheckNanos.putIfAbsent(msg.getKeys(), System.nanoTime());
                return LocalTransactionState.ROLLBACK_MESSAGE;
            }
        });
        Map<String, Long> sentNanos = new ConcurrentHashMap<>();
        sentNanos.put("correct", System.nanoTime());
        producer.sendMessageInTransaction(new Message(topic, "T", "correct", new byte[] {1}), null);
        long hour = Duration.ofHours(1).toMillis();
        NettyRemotingClient raw = new NettyRemotingClient(new NettyClientConfig());
        try {
            for (Map.Entry<String, Long> skew : Map.of("ahead", hour, "behind", -hour).entrySet()) {
                sentNanos.put(skew.getKey(), System.nanoTime());
                RemotingCommand response = raw.invokeSync(harness.broker.address(),
                        halfMessage(group, topic, skew.getKey(), System.currentTimeMillis() + skew.getValue()), 5000);
                assertEquals(ResponseCode.SUCCESS, response.getCode(), response.getRemark());
            }
        } finally {
            raw.shutdown();
        }
        BrokerHarness.await("the first check of each", Duration.ofSeconds(30), () -> firstCheckNanos.size() == 3);
        for (String key : List.of("correct", "ahead", "behind")) {
            long waitedMillis = (firstCheckNanos.get(key) - sentNanos.get(key)) / 1_000_000;
            assertTrue(waitedMillis >= timeout - 1, key + ": checked after " + waitedMillis + " ms, before the timeout");
            assertTrue(waitedMillis < timeout + 20_000, key + ": checked only after " + waitedMillis + " ms");
        }
    }

    /** SEND_MESSAGE of a half message whose born time says what the producer's clock says. */
    private static RemotingCommand halfMessage(String group, String topic, String key, long bornTimestamp) {
        String properties = MessageConst.KEYS + '\u0001' + key + '\u0002'
                + MessageConst.UNIQ_KEY + '\u0001' + "SKEW" + key.toUpperCase() + System.nanoTime() + '\u0002'
                + MessageConst.TRAN_MSG + '\u0001' + "true" + '\u0002'
                + MessageConst.PGROUP + '\u0001' + group + '\u0002';
        return RemotingCommand.createRequest(RequestCode.SEND_MESSAGE)
                .putExt("producerGroup", group).putExt("topic", topic).putExt("defaultTopic", "TBW102")
                .putExt("defaultTopicQueueNums", 4).putExt("queueId", 0)
                .putExt("sysFlag", MessageSysFlag.TRANSACTION_PREPARED_TYPE).putExt("bornTimestamp", bornTimestamp)
                .putExt("flag", 0).putExt("properties", properties)
                .setBody(key.getBytes(StandardCharsets.UTF_8));
    }

    private static int indexOf(String key) {
        return Integer.parseInt(key.substring(key.indexOf('-') + 1));
    }
}
