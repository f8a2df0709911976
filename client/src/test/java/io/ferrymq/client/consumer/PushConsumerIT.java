package io.ferrymq.client.consumer;

import static io.ferrymq.broker.BrokerHarness.await;
import static io.ferrymq.client.consumer.ClusterSupport.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerHarness;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.common.message.Message;
import io.ferrymq.common.message.MessageExt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FerryMQ's push consumer against FerryMQ's broker: delivery, content, tag filters. */
class PushConsumerIT {
    @TempDir
    Path dir;
    private ClusterSupport cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = new ClusterSupport(new BrokerHarness(dir));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void everyMessageArrivesOnceWithBodyKeysTagsAndPropertiesIntact() throws Exception {
        String topic = cluster.topic("Push", 4);
        int count = 40;
        Map<String, MessageExt> received = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        Producer producer = cluster.producer();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Message m = new Message(topic, "Tag" + (i % 3), "key-" + i, ("body-" + i).getBytes(StandardCharsets.UTF_8));
            m.putProperty("seq", Integer.toString(i));
            m.putProperty("region", "eu-west");
            ids.add(producer.send(m).msgId());
        }
        PushConsumer consumer = cluster.track(cluster.push(ClusterSupport.unique("cg")).subscribe(topic, "*")
                .listener(m -> {
                    received.put(m.getKeys(), m);
                    deliveries.computeIfAbsent(m.getKeys(), k -> new AtomicInteger()).incrementAndGet();
                    return ConsumeResult.SUCCESS;
                }).build());
        await("all " + count + " messages", WAIT, () -> received.size() == count);
        await("offsets committed to the broker", WAIT, () -> cluster.harness.broker.offsets()
                .queryAll(consumer.group(), topic).values().stream().mapToLong(Long::longValue).sum() == count);
        consumer.close();

        for (int i = 0; i < count; i++) {
            MessageExt m = received.get("key-" + i);
            assertEquals("body-" + i, new String(m.getBody(), StandardCharsets.UTF_8));
            assertEquals("Tag" + (i % 3), m.getTags());
            assertEquals(Integer.toString(i), m.getProperty("seq"));
            assertEquals("eu-west", m.getProperty("region"));
            assertEquals(topic, m.getTopic());
            assertEquals(ids.get(i), m.getMsgId());
            assertEquals(0, m.getReconsumeTimes());
            assertEquals(1, deliveries.get("key-" + i).get(), "deliveries of key-" + i);
        }
    }

    @Test
    void aTagSubscriptionReceivesOnlyItsTags() throws Exception {
        String topic = cluster.topic("Tags", 1);
        Producer producer = cluster.producer();
        for (int i = 0; i < 30; i++) {
            String tag = switch (i % 3) {
                case 0 -> "TagA";
                case 1 -> "TagB";
                default -> "TagC";
            };
            producer.send(new Message(topic, tag, "k" + i, ("m" + i).getBytes(StandardCharsets.UTF_8)));
        }
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Set<String> tags = ConcurrentHashMap.newKeySet();
        cluster.track(cluster.push(ClusterSupport.unique("cg")).subscribe(topic, "TagA || TagB").listener(m -> {
            seen.add(m.getKeys());
            tags.add(m.getTags());
            return ConsumeResult.SUCCESS;
        }).build());
        // one queue: once the last TagA/TagB message arrived, every TagC before it was pulled and filtered
        await("the 20 TagA/TagB messages", WAIT, () -> seen.size() == 20);
        assertEquals(Set.of("TagA", "TagB"), tags);
        for (int i = 0; i < 30; i++) {
            assertEquals(i % 3 != 2, seen.contains("k" + i), "k" + i);
        }
        assertTrue(seen.stream().noneMatch(k -> Integer.parseInt(k.substring(1)) % 3 == 2));
    }
}
