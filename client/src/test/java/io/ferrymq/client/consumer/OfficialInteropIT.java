package io.ferrymq.client.consumer;

import static io.ferrymq.broker.BrokerHarness.await;
import static io.ferrymq.client.consumer.ClusterSupport.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerHarness;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.common.message.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A group mixing FerryMQ's push consumer and the official 4.9.8 one: both allocate averagely, so they
 * split the queues without overlap; messages of both producers reach both consumers intact.
 */
class OfficialInteropIT {
    private static final int QUEUES = 8;

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

    /** What one consumer saw of one message. */
    private record Seen(String consumer, int queueId, String topic, String tags, String keys, String seq, String body) {
    }

    @Test
    void sdkAndOfficialConsumersShareAGroupWithoutOverlap() throws Exception {
        String topic = cluster.topic("Mixed", QUEUES);
        String group = ClusterSupport.unique("mixed");
        Map<String, Seen> seen = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

        PushConsumer sdk = cluster.track(cluster.push(group).subscribe(topic, "*").listener(m -> {
            String body = new String(m.getBody(), StandardCharsets.UTF_8);
            seen.put(body, new Seen("sdk", m.getQueueId(), m.getTopic(), m.getTags(), m.getKeys(), m.getProperty("seq"),
                    body));
            deliveries.computeIfAbsent(body, k -> new AtomicInteger()).incrementAndGet();
            return ConsumeResult.SUCCESS;
        }).build());
        DefaultMQPushConsumer official = cluster.harness.consumer(group, topic, "*",
                (MessageListenerConcurrently) (msgs, ctx) -> {
                    for (var m : msgs) {
                        String body = new String(m.getBody(), StandardCharsets.UTF_8);
                        seen.put(body, new Seen("official", m.getQueueId(), m.getTopic(), m.getTags(), m.getKeys(),
                                m.getUserProperty("seq"), body));
                        deliveries.computeIfAbsent(body, k -> new AtomicInteger()).incrementAndGet();
                    }
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
        official.start();

        await("the two clients splitting " + QUEUES + " queues", WAIT, () -> {
            Set<Integer> mine = sdkQueues(sdk, topic);
            Set<Integer> theirs = officialQueues(official, topic);
            Set<Integer> union = new HashSet<>(mine);
            union.addAll(theirs);
            return mine.size() == QUEUES / 2 && theirs.size() == QUEUES / 2 && union.size() == QUEUES;
        });
        Set<Integer> sdkOwns = sdkQueues(sdk, topic);

        Producer sdkProducer = cluster.producer();
        DefaultMQProducer officialProducer = cluster.harness.producer();
        int count = 64;
        for (int i = 0; i < count; i++) {
            String body = (i % 2 == 0 ? "sdk-" : "official-") + i;
            if (i % 2 == 0) {
                Message m = new Message(topic, "Tag" + (i % 4), "key-" + i, body.getBytes(StandardCharsets.UTF_8));
                m.putProperty("seq", Integer.toString(i));
                sdkProducer.send(m);
            } else {
                var m = new org.apache.rocketmq.common.message.Message(topic, "Tag" + (i % 4), "key-" + i,
                        body.getBytes(StandardCharsets.UTF_8));
                m.putUserProperty("seq", Integer.toString(i));
                officialProducer.send(m);
            }
        }
        await("every message consumed", WAIT, () -> seen.size() == count);

        Set<String> consumersSeen = new HashSet<>();
        Set<String> producersSeenBySdk = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String body = (i % 2 == 0 ? "sdk-" : "official-") + i;
            Seen s = seen.get(body);
            assertEquals(1, deliveries.get(body).get(), body + " deliveries");
            assertEquals(topic, s.topic());
            assertEquals("Tag" + (i % 4), s.tags());
            assertEquals("key-" + i, s.keys());
            assertEquals(Integer.toString(i), s.seq());
            assertEquals(sdkOwns.contains(s.queueId()) ? "sdk" : "official", s.consumer(),
                    body + " consumed by the owner of queue " + s.queueId());
            consumersSeen.add(s.consumer());
            if (s.consumer().equals("sdk")) {
                producersSeenBySdk.add(body.substring(0, body.indexOf('-')));
            }
        }
        assertEquals(Set.of("sdk", "official"), consumersSeen);
        assertTrue(producersSeenBySdk.contains("official"), "the official producer reached the SDK consumer");
    }

    private static Set<Integer> sdkQueues(PushConsumer c, String topic) {
        Set<Integer> ids = new HashSet<>();
        for (MessageQueue q : c.assignment()) {
            if (q.topic().equals(topic)) {
                ids.add(q.queueId());
            }
        }
        return ids;
    }

    private static Set<Integer> officialQueues(DefaultMQPushConsumer c, String topic) {
        Set<Integer> ids = new HashSet<>();
        for (var q : c.getDefaultMQPushConsumerImpl().getRebalanceImpl().getProcessQueueTable().keySet()) {
            if (q.getTopic().equals(topic)) {
                ids.add(q.getQueueId());
            }
        }
        return ids;
    }
}
