package io.ferrymq.client.consumer;

import static io.ferrymq.broker.BrokerHarness.await;
import static io.ferrymq.client.consumer.ClusterSupport.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerHarness;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.common.message.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broadcasting gives each member everything; a restarted consumer resumes from its committed offsets. */
class BroadcastAndRestartIT {
    @TempDir
    Path dir;
    private ClusterSupport cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = new ClusterSupport(new BrokerHarness(dir.resolve("broker")));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static void send(Producer producer, String topic, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            producer.send(new Message(topic, "T", prefix + i, (prefix + i).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private PushConsumer broadcaster(String group, String topic, Path offsets, Map<String, AtomicInteger> got) {
        return cluster.track(cluster.push(group).subscribe(topic, "*").messageModel(MessageModel.BROADCASTING)
                .offsetFile(offsets).listener(m -> {
                    got.computeIfAbsent(m.getKeys(), k -> new AtomicInteger()).incrementAndGet();
                    return ConsumeResult.SUCCESS;
                }).build());
    }

    @Test
    void broadcastingDeliversEveryMessageToEachMemberAndResumesFromItsOffsetFile() throws Exception {
        String topic = cluster.topic("Broadcast", 4);
        String group = ClusterSupport.unique("bc");
        Producer producer = cluster.producer();
        send(producer, topic, "a", 20);
        Map<String, AtomicInteger> first = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> second = new ConcurrentHashMap<>();
        Path firstOffsets = dir.resolve("first/offsets.json");
        PushConsumer one = broadcaster(group, topic, firstOffsets, first);
        broadcaster(group, topic, dir.resolve("second/offsets.json"), second);
        await("20 messages at each member", WAIT, () -> first.size() == 20 && second.size() == 20);
        first.values().forEach(n -> assertEquals(1, n.get()));
        second.values().forEach(n -> assertEquals(1, n.get()));

        one.close();
        assertTrue(Files.exists(firstOffsets), "offsets written at shutdown");
        send(producer, topic, "b", 10);
        await("10 more at the member still running", WAIT, () -> second.size() == 30);
        Map<String, AtomicInteger> restarted = new ConcurrentHashMap<>();
        broadcaster(group, topic, firstOffsets, restarted);
        await("the 10 sent while it was down", WAIT, () -> restarted.size() == 10);
        assertEquals(10, restarted.size());
        restarted.keySet().forEach(k -> assertTrue(k.startsWith("b"), k + " was consumed before the restart"));
    }

    @Test
    void aRestartedClusteringConsumerResumesFromTheOffsetsItCommitted() throws Exception {
        String topic = cluster.topic("Resume", 4);
        String group = ClusterSupport.unique("cg");
        Producer producer = cluster.producer();
        send(producer, topic, "old", 20);
        Set<String> first = ConcurrentHashMap.newKeySet();
        PushConsumer consumer = cluster.track(cluster.push(group).subscribe(topic, "*").listener(m -> {
            first.add(m.getKeys());
            return ConsumeResult.SUCCESS;
        }).build());
        await("the first 20", WAIT, () -> first.size() == 20);
        consumer.close();
        // committed at shutdown, without waiting for the periodic commit
        Map<Integer, Long> committed = cluster.harness.broker.offsets().queryAll(group, topic);
        assertEquals(20L, committed.values().stream().mapToLong(Long::longValue).sum(), "committed " + committed);

        send(producer, topic, "new", 10);
        Set<String> second = ConcurrentHashMap.newKeySet();
        cluster.track(cluster.push(group).subscribe(topic, "*").listener(m -> {
            second.add(m.getKeys());
            return ConsumeResult.SUCCESS;
        }).build());
        await("the 10 new ones", WAIT, () -> second.size() >= 10);
        assertEquals(10, second.size(), "seen after restart: " + second);
        second.forEach(k -> assertTrue(k.startsWith("new"), k + " redelivered"));
    }
}
