package io.ferrymq.compat5;

import static io.ferrymq.broker.BrokerHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultLitePullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.client.utils.MessageUtil;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Apache RocketMQ 5.x remoting client ({@code rocketmq-client 5.2.0}), unmodified, against an
 * in-process FerryMQ name server and broker: every kind of send, push consumption (concurrent and orderly),
 * retries, delays and 5.x delivery times, transactions with check-back, and the lite pull consumer.
 */
class OfficialClient5IT {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final AtomicInteger SEQ = new AtomicInteger();

    @TempDir
    Path dir;
    private BrokerHarness harness;
    private final List<Runnable> shutdowns = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Properties extra = new Properties();
        extra.setProperty("transactionTimeOut", "1000");
        extra.setProperty("transactionCheckInterval", "1000");
        harness = new BrokerHarness(dir, extra);
    }

    @AfterEach
    void stop() {
        for (int i = shutdowns.size() - 1; i >= 0; i--) {
            shutdowns.get(i).run();
        }
        harness.close();
    }

    private static String unique(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet();
    }

    private DefaultMQProducer producer() throws Exception {
        DefaultMQProducer p = new DefaultMQProducer(unique("pg5"));
        configure(p);
        p.start();
        shutdowns.add(p::shutdown);
        return p;
    }

    private void configure(org.apache.rocketmq.client.ClientConfig c) {
        c.setNamesrvAddr(harness.namesrvAddr);
        c.setInstanceName(unique("client5"));
        c.setVipChannelEnabled(false);
    }

    private DefaultMQPushConsumer pushConsumer(String topic) throws Exception {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(unique("cg5"));
        configure(c);
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.subscribe(topic, "*");
        shutdowns.add(c::shutdown);
        return c;
    }

    private static Message message(String topic, String tag, int i) {
        Message m = new Message(topic, tag, "key-" + i, ("body-" + i).getBytes(StandardCharsets.UTF_8));
        m.putUserProperty("seq", Integer.toString(i));
        return m;
    }

    @Test
    void sendsOfEveryKindAreConsumedOnceWithKeysTagsAndProperties() throws Exception {
        String topic = unique("C5Sends");
        harness.createTopic(topic, 4);
        DefaultMQProducer producer = producer();
        for (int i = 0; i < 20; i++) {
            SendResult r = producer.send(message(topic, "TagSync", i));
            assertEquals(SendStatus.SEND_OK, r.getSendStatus());
            assertTrue(r.getMsgId() != null && r.getOffsetMsgId() != null, r.toString());
        }
        CountDownLatch async = new CountDownLatch(20);
        List<Throwable> asyncErrors = new CopyOnWriteArrayList<>();
        for (int i = 20; i < 40; i++) {
            producer.send(message(topic, "TagAsync", i), new SendCallback() {
                @Override
                public void onSuccess(SendResult sendResult) {
                    async.countDown();
                }

                @Override
                public void onException(Throwable e) {
                    asyncErrors.add(e);
                    async.countDown();
                }
            });
        }
        assertTrue(async.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertEquals(List.of(), asyncErrors);
        for (int i = 40; i < 60; i++) {
            producer.sendOneway(message(topic, "TagOneway", i));
        }
        List<Message> batch = new ArrayList<>();
        for (int i = 60; i < 80; i++) {
            batch.add(message(topic, "TagBatch", i));
        }
        assertEquals(SendStatus.SEND_OK, producer.send(batch).getSendStatus());

        Map<Integer, MessageExt> received = new ConcurrentHashMap<>();
        AtomicInteger deliveries = new AtomicInteger();
        DefaultMQPushConsumer consumer = pushConsumer(topic);
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                deliveries.incrementAndGet();
                received.put(Integer.parseInt(m.getUserProperty("seq")), m);
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        await("80 messages consumed", WAIT, () -> received.size() == 80);
        for (int i = 0; i < 80; i++) {
            MessageExt m = received.get(i);
            assertEquals("key-" + i, m.getKeys());
            assertEquals("body-" + i, new String(m.getBody(), StandardCharsets.UTF_8));
            String tag = i < 20 ? "TagSync" : i < 40 ? "TagAsync" : i < 60 ? "TagOneway" : "TagBatch";
            assertEquals(tag, m.getTags());
        }
        assertEquals(80, deliveries.get(), "each message once");
    }

    @Test
    void orderlyConsumptionKeepsPerKeyOrder() throws Exception {
        String topic = unique("C5Orderly");
        harness.createTopic(topic, 4);
        DefaultMQProducer producer = producer();
        int keys = 4;
        int perKey = 25;
        for (int n = 0; n < perKey; n++) {
            for (int k = 0; k < keys; k++) {
                Message m = message(topic, "Order", n);
                m.putUserProperty("orderKey", Integer.toString(k));
                SendResult r = producer.send(m, (mqs, msg, arg) -> mqs.get((Integer) arg % mqs.size()), k);
                assertEquals(SendStatus.SEND_OK, r.getSendStatus());
            }
        }
        Map<Integer, List<Integer>> seen = new ConcurrentHashMap<>();
        AtomicInteger total = new AtomicInteger();
        DefaultMQPushConsumer consumer = pushConsumer(topic);
        consumer.registerMessageListener((MessageListenerOrderly) (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                seen.computeIfAbsent(Integer.parseInt(m.getUserProperty("orderKey")),
                        k -> new CopyOnWriteArrayList<>()).add(Integer.parseInt(m.getUserProperty("seq")));
                total.incrementAndGet();
            }
            return ConsumeOrderlyStatus.SUCCESS;
        });
        consumer.start();
        await("every ordered message consumed", WAIT, () -> total.get() >= keys * perKey);
        List<Integer> expected = new ArrayList<>();
        for (int n = 0; n < perKey; n++) {
            expected.add(n);
        }
        for (int k = 0; k < keys; k++) {
            assertEquals(expected, seen.get(k), "order of key " + k);
        }
    }

    @Test
    void aFailedMessageComesBackWithItsReconsumeTimes() throws Exception {
        String topic = unique("C5Retry");
        harness.createTopic(topic, 2);
        producer().send(message(topic, "Retry", 1));
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        DefaultMQPushConsumer consumer = pushConsumer(topic);
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            MessageExt m = msgs.get(0);
            attempts.add(m.getReconsumeTimes());
            return m.getReconsumeTimes() == 0 ? ConsumeConcurrentlyStatus.RECONSUME_LATER
                    : ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        await("the redelivery", WAIT, () -> attempts.size() >= 2);
        assertEquals(List.of(0, 1), attempts.subList(0, 2));
    }

    @Test
    void delayLevelsAndDeliveryTimesAreHeldUntilDue() throws Exception {
        String topic = unique("C5Delay");
        harness.createTopic(topic, 2);
        DefaultMQProducer producer = producer();
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = pushConsumer(topic);
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> arrivals.put(m.getKeys(), System.currentTimeMillis()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        long sent = System.currentTimeMillis();
        Message level = message(topic, "Delay", 1);
        level.setDelayTimeLevel(3); // the harness's levels are 1 s each
        assertEquals(SendStatus.SEND_OK, producer.send(level).getSendStatus());
        Message timed = message(topic, "Delay", 2);
        long due = sent + 3_000;
        timed.setDeliverTimeMs(due);
        assertEquals(SendStatus.SEND_OK, producer.send(timed).getSendStatus());
        await("both delivered", WAIT, () -> arrivals.size() == 2);
        assertTrue(arrivals.get("key-1") >= sent + 900, "delay level held: " + (arrivals.get("key-1") - sent));
        assertTrue(arrivals.get("key-2") >= due - 1_000, "delivery time held (second precision): "
                + (arrivals.get("key-2") - sent));
    }

    @Test
    void transactionsCommitRollBackAndAreCheckedBack() throws Exception {
        String topic = unique("C5Tx");
        harness.createTopic(topic, 2);
        Set<String> checked = ConcurrentHashMap.newKeySet();
        TransactionMQProducer producer = new TransactionMQProducer(unique("txg5"));
        configure(producer);
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return (LocalTransactionState) arg;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                checked.add(msg.getKeys());
                return LocalTransactionState.COMMIT_MESSAGE;
            }
        });
        producer.start();
        shutdowns.add(producer::shutdown);
        TransactionSendResult commit = producer.sendMessageInTransaction(message(topic, "Tx", 1),
                LocalTransactionState.COMMIT_MESSAGE);
        assertEquals(LocalTransactionState.COMMIT_MESSAGE, commit.getLocalTransactionState());
        producer.sendMessageInTransaction(message(topic, "Tx", 2), LocalTransactionState.ROLLBACK_MESSAGE);
        producer.sendMessageInTransaction(message(topic, "Tx", 3), LocalTransactionState.UNKNOW);

        Set<String> delivered = ConcurrentHashMap.newKeySet();
        AtomicInteger deliveries = new AtomicInteger();
        DefaultMQPushConsumer consumer = pushConsumer(topic);
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> {
                delivered.add(m.getKeys());
                deliveries.incrementAndGet();
            });
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        await("the committed and the checked-back transaction delivered", WAIT,
                () -> delivered.containsAll(Set.of("key-1", "key-3")));
        assertTrue(checked.contains("key-3"), "the UNKNOW transaction was checked back: " + checked);
        assertEquals(Set.of("key-1", "key-3"), delivered, "the rolled-back one never arrives");
        assertEquals(2, deliveries.get());
    }

    @Test
    void aRequestGetsTheReplyOfItsReplier() throws Exception {
        String topic = unique("C5Request");
        harness.createTopic(topic, 2);
        DefaultMQProducer replies = producer();
        DefaultMQPushConsumer replier = pushConsumer(topic);
        replier.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                try {
                    replies.send(MessageUtil.createReplyMessage(m,
                            ("re:" + new String(m.getBody(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
                } catch (Exception e) {
                    return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                }
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        replier.start();
        Message reply = producer().request(new Message(topic, "ping".getBytes(StandardCharsets.UTF_8)), 20_000);
        assertEquals("re:ping", new String(reply.getBody(), StandardCharsets.UTF_8));
    }

    @Test
    void sqlFiltersAndCompressedBodiesArriveAsSent() throws Exception {
        String topic = unique("C5Filter");
        harness.createTopic(topic, 2);
        DefaultMQProducer producer = producer();
        String big = "ferry-".repeat(3_000); // 18 KB: over the client's 4 KB threshold, it is sent compressed
        for (int i = 0; i < 10; i++) {
            Message m = new Message(topic, "Filter", "key-" + i, (i + ":" + big).getBytes(StandardCharsets.UTF_8));
            m.putUserProperty("amount", Integer.toString(i));
            m.putUserProperty("region", i % 2 == 0 ? "north" : "south");
            assertEquals(SendStatus.SEND_OK, producer.send(m).getSendStatus());
        }
        Map<String, String> received = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(unique("cg5sql"));
        configure(consumer);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, MessageSelector.bySql("amount > 5 AND region = 'north'"));
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> received.put(m.getKeys(), new String(m.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        shutdowns.add(consumer::shutdown);
        consumer.start();
        await("the two matching messages", WAIT, () -> received.size() >= 2);
        assertEquals(Set.of("key-6", "key-8"), received.keySet());
        assertEquals("6:" + big, received.get("key-6"), "the compressed body comes back whole");
    }

    @Test
    void theLitePullConsumerPollsEveryMessage() throws Exception {
        String topic = unique("C5Lite");
        harness.createTopic(topic, 4);
        DefaultMQProducer producer = producer();
        for (int i = 0; i < 50; i++) {
            producer.send(message(topic, "Lite", i));
        }
        DefaultLitePullConsumer consumer = new DefaultLitePullConsumer(unique("lite5"));
        configure(consumer);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.start();
        shutdowns.add(consumer::shutdown);
        Set<String> keys = ConcurrentHashMap.newKeySet();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (keys.size() < 50 && System.nanoTime() < deadline) {
            consumer.poll(1000).forEach(m -> keys.add(m.getKeys()));
        }
        assertEquals(50, keys.size());
    }
}
