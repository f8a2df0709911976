package io.ferrymq.broker;

import static io.ferrymq.broker.BrokerHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.remoting.protocol.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendCallback;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageBatch;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Produce and consume through a FerryMQ broker with the official 4.9.8 client. */
class BrokerOfficialClientIT {
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;
    private BrokerHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = new BrokerHarness(dir);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private static Message message(String topic, int i) {
        Message m = new Message(topic, "Tag" + (i % 3), "key-" + i, ("body-" + i).getBytes(StandardCharsets.UTF_8));
        m.putUserProperty("index", Integer.toString(i));
        return m;
    }

    @Test
    void everyKindOfSendIsConsumedOnceWithItsContent() throws Exception {
        String topic = OfficialClients.unique("AllSends");
        harness.createTopic(topic, 4);
        DefaultMQProducer producer = harness.producer();
        Set<Integer> expected = new HashSet<>();
        int i = 0;
        for (; i < 10; i++) {
            SendResult r = producer.send(message(topic, i));
            assertEquals(SendStatus.SEND_OK, r.getSendStatus());
            expected.add(i);
        }
        AtomicInteger asyncAcks = new AtomicInteger();
        for (; i < 20; i++) {
            producer.send(message(topic, i), new SendCallback() {
                @Override
                public void onSuccess(SendResult sendResult) {
                    asyncAcks.incrementAndGet();
                }

                @Override
                public void onException(Throwable e) {
                    throw new AssertionError(e);
                }
            });
            expected.add(i);
        }
        for (; i < 30; i++) {
            producer.sendOneway(message(topic, i));
            expected.add(i);
        }
        List<Message> batch = new ArrayList<>();
        for (; i < 40; i++) {
            batch.add(message(topic, i));
            expected.add(i);
        }
        SendResult batchResult = producer.send(batch);
        assertEquals(SendStatus.SEND_OK, batchResult.getSendStatus());
        await("async acks", WAIT, () -> asyncAcks.get() == 10);

        Map<Integer, AtomicInteger> seen = new ConcurrentHashMap<>();
        List<String> problems = new ArrayList<>();
        DefaultMQPushConsumer consumer = harness.consumer(OfficialClients.unique("cg"),
                topic, "*", (msgs, ctx) -> {
                    for (MessageExt m : msgs) {
                        int idx = Integer.parseInt(m.getUserProperty("index"));
                        String body = new String(m.getBody(), StandardCharsets.UTF_8);
                        if (!body.equals("body-" + idx) || !("key-" + idx).equals(m.getKeys())
                                || !("Tag" + (idx % 3)).equals(m.getTags())) {
                            synchronized (problems) {
                                problems.add("message " + idx + " came back as " + m);
                            }
                        }
                        seen.computeIfAbsent(idx, k -> new AtomicInteger()).incrementAndGet();
                    }
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
        consumer.start();
        await("all 40 messages", WAIT, () -> seen.keySet().containsAll(expected));
        assertTrue(problems.isEmpty(), problems.toString());
        seen.forEach((idx, n) -> assertEquals(1, n.get(), "message " + idx + " delivered " + n.get() + " times"));
    }

    @Test
    void batchesAskingForADelayLevelOrADeliveryTimeAreRefused() throws Exception {
        String topic = OfficialClients.unique("DelayedBatch");
        harness.createTopic(topic, 1);
        DefaultMQProducer producer = harness.producer();
        List<Message> delayed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            delayed.add(message(topic, i));
        }
        // the official client refuses to build such a batch; one built without the check reaches the broker
        MessageBatch batch = MessageBatch.generateFromList(delayed);
        delayed.forEach(m -> m.setDelayTimeLevel(2));
        assertThrows(MQClientException.class, () -> producer.send(delayed));
        batch.setBody(batch.encode());
        MQBrokerException refused = assertThrows(MQBrokerException.class, () -> producer.send(batch));
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, refused.getResponseCode());
        assertTrue(refused.getErrorMessage().contains("TimeDelayLevel is not supported for batched messages"),
                refused.getErrorMessage());
        assertTrue(refused.getErrorMessage().contains("message 0 of the batch has delay level 2"),
                refused.getErrorMessage());

        List<Message> timed = new ArrayList<>();
        for (int i = 3; i < 6; i++) {
            timed.add(message(topic, i));
        }
        timed.get(1).putUserProperty("TIMER_DELAY_SEC", "10");
        refused = assertThrows(MQBrokerException.class, () -> producer.send(timed));
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, refused.getResponseCode());
        assertTrue(refused.getErrorMessage().contains("message 1 of the batch has TIMER_DELAY_SEC=10"),
                refused.getErrorMessage());

        List<Message> plain = new ArrayList<>();
        for (int i = 6; i < 9; i++) {
            plain.add(message(topic, i));
        }
        assertEquals(SendStatus.SEND_OK, producer.send(plain).getSendStatus());
        await("the plain batch stored", WAIT, () -> harness.broker.store().maxOffset(topic, 0) == 3);
        assertEquals(3, harness.broker.store().maxOffset(topic, 0), "nothing of the refused batches was stored");
        assertEquals(0, harness.broker.store().maxOffset(SystemTopics.SCHEDULE_TOPIC, 1));
    }

    private static long ownedQueues(DefaultMQPushConsumer c, String topic) {
        return c.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().keySet().stream()
                .filter(mq -> mq.getTopic().equals(topic)).count();
    }

    @Test
    void twoConsumersOfOneGroupSplitTheQueues() throws Exception {
        String topic = OfficialClients.unique("Split");
        harness.createTopic(topic, 8);
        String group = OfficialClients.unique("cg");
        Map<String, Set<Integer>> byConsumer = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> seen = new ConcurrentHashMap<>();
        List<DefaultMQPushConsumer> consumers = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            DefaultMQPushConsumer c = harness.consumer(group, topic, "*", (msgs, ctx) -> {
                for (MessageExt m : msgs) {
                    seen.computeIfAbsent(Integer.parseInt(m.getUserProperty("index")), k -> new AtomicInteger())
                            .incrementAndGet();
                    byConsumer.computeIfAbsent(name, k -> ConcurrentHashMap.newKeySet()).add(m.getQueueId());
                }
                return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
            });
            consumers.add(c);
            c.start();
        }
        await("both consumers in the group", WAIT, () -> ownedQueues(consumers.get(0), topic) == 4
                && ownedQueues(consumers.get(1), topic) == 4);
        DefaultMQProducer producer = harness.producer();
        for (int i = 0; i < 80; i++) {
            producer.send(message(topic, i));
        }
        await("80 messages", WAIT, () -> seen.size() == 80);
        seen.forEach((idx, n) -> assertEquals(1, n.get(), "message " + idx + " delivered " + n.get() + " times"));
        assertEquals(2, byConsumer.size());
        Set<Integer> a = byConsumer.get("a");
        Set<Integer> b = byConsumer.get("b");
        assertTrue(a.stream().noneMatch(b::contains), "queues " + a + " and " + b + " overlap");
    }
}
