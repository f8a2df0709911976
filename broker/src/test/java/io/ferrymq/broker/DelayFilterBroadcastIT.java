package io.ferrymq.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.protocol.heartbeat.MessageModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delay levels with RocketMQ's default table, tag filtering, and broadcasting, with the official client. */
class DelayFilterBroadcastIT {
    @TempDir
    Path dir;
    private BrokerHarness harness;
    private DefaultMQProducer producer;

    @BeforeEach
    void start() throws Exception {
        Properties p = new Properties();
        p.setProperty("messageDelayLevel", "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h");
        harness = new BrokerHarness(dir, p);
        producer = OfficialClients.producer(harness.namesrvAddr);
    }

    @AfterEach
    void stop() {
        producer.shutdown();
        harness.close();
    }

    private static Message msg(String topic, String tag, String body) {
        return new Message(topic, tag, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void delayLevelTwoIsDeliveredAfterFiveSecondsNotBefore() throws Exception {
        producer.send(msg("DelayTopic", "T", "warm-up")); // creates the topic so the consumer has a route
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = OfficialClients.consumer(harness.namesrvAddr, OfficialClients.unique("cg"),
                "DelayTopic", "*", (MessageListenerConcurrently) (msgs, ctx) -> {
                    msgs.forEach(m -> arrivals.put(new String(m.getBody(), StandardCharsets.UTF_8), System.nanoTime()));
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
        consumer.start();
        try {
            BrokerHarness.await("warm-up message", Duration.ofSeconds(30), () -> arrivals.containsKey("warm-up"));
            Message delayed = msg("DelayTopic", "T", "delayed");
            delayed.setDelayTimeLevel(2);
            long sentAt = System.nanoTime();
            producer.send(delayed);
            BrokerHarness.await("delayed message", Duration.ofSeconds(30), () -> arrivals.containsKey("delayed"));
            long waitedMillis = (arrivals.get("delayed") - sentAt) / 1_000_000;
            assertTrue(waitedMillis >= 5_000, "delivered after " + waitedMillis + " ms, before the 5 s delay");
            assertTrue(waitedMillis < 15_000, "delivered only after " + waitedMillis + " ms");
        } finally {
            consumer.shutdown();
        }
    }

    @Test
    void tagSubscriptionDeliversOnlyMatchingTags() throws Exception {
        for (String tag : new String[] {"TagA", "TagB", "TagC", "TagA", "TagC"}) {
            producer.send(msg("FilterTopic", tag, tag + "-" + System.nanoTime()));
        }
        Set<String> tags = ConcurrentHashMap.newKeySet();
        Map<String, Boolean> bodies = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = OfficialClients.consumer(harness.namesrvAddr, OfficialClients.unique("cg"),
                "FilterTopic", "TagA || TagB", (MessageListenerConcurrently) (msgs, ctx) -> {
                    msgs.forEach(m -> {
                        tags.add(m.getTags());
                        bodies.put(new String(m.getBody(), StandardCharsets.UTF_8), true);
                    });
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
        consumer.start();
        try {
            producer.send(msg("FilterTopic", "TagB", "last"));
            BrokerHarness.await("the four matching messages", Duration.ofSeconds(30), () -> bodies.size() >= 4);
        } finally {
            consumer.shutdown();
        }
        assertEquals(Set.of("TagA", "TagB"), tags);
        assertEquals(4, bodies.size(), "2 TagA + 1 TagB + the last TagB");
    }

    @Test
    void broadcastingDeliversEverythingToEachConsumer() throws Exception {
        producer.send(msg("BroadcastTopic", "T", "warm-up"));
        String group = OfficialClients.unique("bcast");
        Map<String, Set<String>> byConsumer = new ConcurrentHashMap<>();
        DefaultMQPushConsumer[] consumers = new DefaultMQPushConsumer[2];
        for (int i = 0; i < consumers.length; i++) {
            Set<String> seen = ConcurrentHashMap.newKeySet();
            byConsumer.put("c" + i, seen);
            consumers[i] = OfficialClients.consumer(harness.namesrvAddr, group, "BroadcastTopic", "*",
                    (MessageListenerConcurrently) (msgs, ctx) -> {
                        msgs.forEach(m -> seen.add(new String(m.getBody(), StandardCharsets.UTF_8)));
                        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                    });
            consumers[i].setMessageModel(MessageModel.BROADCASTING);
            consumers[i].start();
        }
        try {
            BrokerHarness.await("both consumers ready", Duration.ofSeconds(30),
                    () -> byConsumer.values().stream().allMatch(s -> s.contains("warm-up")));
            for (int i = 0; i < 10; i++) {
                producer.send(msg("BroadcastTopic", "T", "m" + i));
            }
            BrokerHarness.await("every message at each consumer", Duration.ofSeconds(30),
                    () -> byConsumer.values().stream().allMatch(s -> s.size() == 11));
        } finally {
            for (DefaultMQPushConsumer c : consumers) {
                c.shutdown();
            }
        }
    }
}
