package io.ferrymq.client.consumer;

import static io.ferrymq.broker.BrokerHarness.await;
import static io.ferrymq.client.consumer.ClusterSupport.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerHarness;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.common.message.Message;
import io.ferrymq.common.message.MessageExt;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lite-pull consumer: assigned queues with poll, seek, pause and commit; and subscribe mode. */
class PullConsumerIT {
    @TempDir
    Path dir;
    private ClusterSupport cluster;
    private Producer producer;

    @BeforeEach
    void start() throws Exception {
        cluster = new ClusterSupport(new BrokerHarness(dir));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** Sends to the queue named by the "q" property. */
    private void send(String topic, int queue, String key) {
        if (producer == null) {
            producer = cluster.track(Producer.builder(ClusterSupport.unique("pg")).config(cluster.config())
                    .queueSelector((queues, m) -> queues.get(Integer.parseInt(m.getProperty("q")))).build());
        }
        Message m = new Message(topic, "T", key, key.getBytes(StandardCharsets.UTF_8));
        m.putProperty("q", Integer.toString(queue));
        producer.send(m);
    }

    private PullConsumer.Builder pull(String group) {
        return PullConsumer.builder(group).config(cluster.config()).consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET)
                .pollTimeout(Duration.ofSeconds(2));
    }

    /** Polls until {@code count} messages came (bounded by {@link ClusterSupport#WAIT}). */
    private static List<MessageExt> pollAtLeast(PullConsumer consumer, int count) {
        List<MessageExt> got = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            got.addAll(consumer.poll(Duration.ofMillis(200)));
        }
        assertEquals(count, got.size(), "messages polled");
        return got;
    }

    @Test
    void assignedQueuesArePolledSoughtPausedAndCommitted() throws Exception {
        String topic = cluster.topic("Pull", 2);
        for (int i = 0; i < 10; i++) {
            send(topic, 0, "a" + i);
            send(topic, 1, "b" + i);
        }
        String group = ClusterSupport.unique("pull");
        PullConsumer consumer = cluster.track(pull(group).autoCommit(false, Duration.ZERO).build());
        List<MessageQueue> queues = consumer.queuesOf(topic);
        MessageQueue q0 = queues.get(0);
        MessageQueue q1 = queues.get(1);
        consumer.assign(queues);
        assertEquals(Set.copyOf(queues), consumer.assignment());

        List<MessageExt> all = pollAtLeast(consumer, 20);
        Set<String> keys = new HashSet<>();
        all.forEach(m -> keys.add(m.getKeys()));
        assertEquals(20, keys.size());
        assertEquals(10, consumer.position(q0));
        assertEquals(10, consumer.position(q1));
        assertTrue(cluster.harness.broker.offsets().queryAll(group, topic).isEmpty(), "nothing committed before commit()");
        consumer.commit();
        assertEquals(10, consumer.committed(q0));
        assertEquals(10, consumer.committed(q1));

        consumer.seek(q0, 5);
        List<MessageExt> again = pollAtLeast(consumer, 5);
        for (int i = 0; i < 5; i++) {
            assertEquals(q0.queueId(), again.get(i).getQueueId());
            assertEquals(5 + i, again.get(i).getQueueOffset());
        }
        consumer.seekToBeginning(q1);
        assertEquals(List.of("b0", "b1", "b2"), pollAtLeast(consumer, 10).subList(0, 3).stream()
                .map(MessageExt::getKeys).toList());

        consumer.seekToEnd(q0);
        consumer.pause(List.of(q0));
        send(topic, 0, "late-a");
        send(topic, 1, "late-b");
        assertEquals("late-b", pollAtLeast(consumer, 1).get(0).getKeys());
        assertTrue(consumer.poll(Duration.ofMillis(300)).isEmpty(), "a paused queue returns nothing");
        consumer.resume(List.of(q0));
        assertEquals("late-a", pollAtLeast(consumer, 1).get(0).getKeys());
        consumer.close();

        PullConsumer resumed = cluster.track(pull(group).build());
        resumed.assign(queues);
        assertEquals(10, resumed.position(q0), "starts from the committed offset, not the first");
        assertThrows(IllegalStateException.class, () -> resumed.subscribe(topic, "*"));
    }

    @Test
    void subscribedConsumersSplitTheQueuesAndAutoCommit() throws Exception {
        String topic = cluster.topic("PullSub", 4);
        String group = ClusterSupport.unique("pull");
        PullConsumer one = cluster.track(pull(group).rebalanceInterval(Duration.ofSeconds(1)).build());
        PullConsumer two = cluster.track(pull(group).rebalanceInterval(Duration.ofSeconds(1)).build());
        one.subscribe(topic, "*");
        two.subscribe(topic, "*");
        await("two members reading 2 queues each", WAIT, () -> {
            Set<MessageQueue> union = new HashSet<>(one.assignment());
            union.addAll(two.assignment());
            return one.assignment().size() == 2 && two.assignment().size() == 2 && union.size() == 4;
        });
        for (int i = 0; i < 40; i++) {
            send(topic, i % 4, "m" + i);
        }
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (seen.size() < 40 && System.nanoTime() < deadline) {
            for (PullConsumer c : List.of(one, two)) {
                for (MessageExt m : c.poll(Duration.ofMillis(100))) {
                    assertTrue(c.assignment().stream().anyMatch(q -> q.queueId() == m.getQueueId()));
                    seen.computeIfAbsent(m.getKeys(), k -> new AtomicInteger()).incrementAndGet();
                }
            }
        }
        assertEquals(40, seen.size());
        seen.forEach((k, n) -> assertEquals(1, n.get(), k));
        one.close();
        two.close();
        assertEquals(40L, cluster.harness.broker.offsets().queryAll(group, topic).values().stream()
                .mapToLong(Long::longValue).sum(), "positions committed at close");
    }
}
