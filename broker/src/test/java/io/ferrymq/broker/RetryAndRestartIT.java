package io.ferrymq.broker;

import static io.ferrymq.broker.BrokerHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.topic.SystemTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries with rising reconsume times, dead letters, and offsets that survive a broker restart. */
class RetryAndRestartIT {
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

    @Test
    void aFailingListenerGetsRetriesWithRisingCountsThenTheMessageIsDeadLettered() throws Exception {
        String topic = OfficialClients.unique("Retry");
        harness.createTopic(topic, 2);
        String group = OfficialClients.unique("cg");
        Map<String, List<Integer>> attempts = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = harness.consumer(group, topic, "*",
                (msgs, ctx) -> {
                    for (MessageExt m : msgs) {
                        attempts.computeIfAbsent(new String(m.getBody(), StandardCharsets.UTF_8),
                                k -> new ArrayList<>()).add(m.getReconsumeTimes());
                        assertEquals(topic, m.getTopic());
                    }
                    return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                });
        consumer.setMaxReconsumeTimes(2);
        consumer.start();
        harness.producer().send(new Message(topic, "TagA", "k1", "doomed".getBytes(StandardCharsets.UTF_8)));

        String dlq = SystemTopics.dlqTopic(group);
        await("dead letter", WAIT, () -> harness.broker.store().maxOffset(dlq, 0) == 1);
        List<Integer> seen = attempts.get("doomed");
        synchronized (seen) {
            assertEquals(List.of(0, 1, 2), seen.subList(0, 3), "reconsume times seen: " + seen);
        }
    }

    @Test
    void consumersResumeFromCommittedOffsetsAfterABrokerRestart() throws Exception {
        String topic = OfficialClients.unique("Restart");
        harness.createTopic(topic, 4);
        String group = OfficialClients.unique("cg");
        DefaultMQProducer producer = harness.producer();
        for (int i = 0; i < 20; i++) {
            producer.send(new Message(topic, "TagA", ("old-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        Set<String> first = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer c1 = harness.consumer(group, topic, "*", (msgs, ctx) -> {
            msgs.forEach(m -> first.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c1.start();
        await("first 20", WAIT, () -> first.size() == 20);
        c1.shutdown();
        await("committed offsets", WAIT, () -> harness.broker.offsets().queryAll(group, topic).values().stream()
                .mapToLong(Long::longValue).sum() == 20);

        harness.restartBroker();
        await("route after restart", WAIT, () -> harness.namesrv.routes().pickupTopicRouteData(topic) != null);
        DefaultMQProducer p2 = harness.producer();
        for (int i = 0; i < 10; i++) {
            p2.send(new Message(topic, "TagA", ("new-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        Set<String> second = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer c2 = harness.consumer(group, topic, "*", (msgs, ctx) -> {
            msgs.forEach(m -> second.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c2.start();
        await("10 new messages", WAIT, () -> second.size() >= 10);
        assertTrue(second.stream().allMatch(b -> b.startsWith("new-")), "old messages redelivered: " + second);
        assertEquals(10, second.size());
    }
}
