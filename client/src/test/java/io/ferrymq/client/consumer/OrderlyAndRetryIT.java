package io.ferrymq.client.consumer;

import static io.ferrymq.broker.BrokerHarness.await;
import static io.ferrymq.client.consumer.ClusterSupport.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerHarness;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.QueueSelector;
import io.ferrymq.common.message.Message;
import io.ferrymq.common.topic.SystemTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Orderly consumption keeps per-key order; failed messages come back with rising counts, then dead-letter. */
class OrderlyAndRetryIT {
    private static final int KEYS = 16;
    private static final int PER_KEY = 25;

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
    void perKeyOrderIsKeptAcrossEightQueuesUnderFourProducerThreads() throws Exception {
        String topic = cluster.topic("Ordered", 8);
        Map<Integer, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> inQueue = new ConcurrentHashMap<>();
        AtomicInteger overlap = new AtomicInteger();
        AtomicInteger failOnce = new AtomicInteger();
        cluster.track(cluster.push(ClusterSupport.unique("orderly")).subscribe(topic, "*")
                .suspendOnFailure(Duration.ofMillis(50)).orderlyListener(m -> {
                    String queue = "q" + m.getQueueId();
                    if (inQueue.computeIfAbsent(queue, k -> new AtomicInteger()).incrementAndGet() > 1) {
                        overlap.incrementAndGet();
                    }
                    try {
                        String[] parts = new String(m.getBody(), StandardCharsets.UTF_8).split(":");
                        int key = Integer.parseInt(parts[0]);
                        int seq = Integer.parseInt(parts[1]);
                        if (seq == 10 && failOnce.getAndIncrement() == 0) {
                            return ConsumeResult.RECONSUME_LATER; // order must survive a local retry
                        }
                        seen.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(seq);
                        return ConsumeResult.SUCCESS;
                    } finally {
                        inQueue.get(queue).decrementAndGet();
                    }
                }).build());

        try (Producer keyed = Producer.builder(ClusterSupport.unique("pg")).config(cluster.config())
                .queueSelector(QueueSelector.byKey(Message::getKeys)).build()) {
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> sends = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    sends.add(threads.submit(() -> {
                        for (int seq = 0; seq < PER_KEY; seq++) {
                            for (int key = thread; key < KEYS; key += 4) {
                                keyed.send(new Message(topic, "T", "key" + key,
                                        (key + ":" + seq).getBytes(StandardCharsets.UTF_8)));
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : sends) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            await("every message", WAIT, () -> seen.values().stream().mapToInt(List::size).sum() == KEYS * PER_KEY);
        }
        assertTrue(failOnce.get() >= 1, "the forced failure happened");
        assertEquals(0, overlap.get(), "two threads consumed one queue at the same time");
        assertEquals(KEYS, seen.size());
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < PER_KEY; i++) {
            expected.add(i);
        }
        seen.forEach((key, seqs) -> assertEquals(expected, seqs, "order of key " + key));
    }

    @Test
    void aFailingMessageComesBackWithRisingReconsumeTimesThenGoesToTheDeadLetterTopic() throws Exception {
        String topic = cluster.topic("Retry", 2);
        String group = ClusterSupport.unique("cg");
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        List<String> topics = new CopyOnWriteArrayList<>();
        cluster.track(cluster.push(group).subscribe(topic, "*").maxReconsumeTimes(2).listener(m -> {
            if (m.getKeys().equals("doomed")) {
                attempts.add(m.getReconsumeTimes());
                topics.add(m.getTopic());
                return ConsumeResult.RECONSUME_LATER;
            }
            return ConsumeResult.SUCCESS;
        }).build());
        String id = cluster.producer().send(new Message(topic, "TagA", "doomed", "x".getBytes(StandardCharsets.UTF_8)))
                .msgId();

        String dlq = SystemTopics.dlqTopic(group);
        await("the dead letter", WAIT, () -> cluster.harness.broker.store().maxOffset(dlq, 0) == 1);
        assertEquals(List.of(0, 1, 2), attempts);
        assertEquals(List.of(topic, topic, topic), topics, "retries show the original topic");

        // the dead letter is readable like any message, with the original id
        List<String> deadIds = new CopyOnWriteArrayList<>();
        cluster.track(cluster.push(ClusterSupport.unique("dlq-reader")).subscribe(dlq, "*").listener(m -> {
            deadIds.add(m.getMsgId());
            return ConsumeResult.SUCCESS;
        }).build());
        await("the dead letter read back", WAIT, () -> !deadIds.isEmpty());
        assertEquals(id, deadIds.get(0));
    }

    @Test
    void twoOrderlyMembersLockDisjointQueuesAndKeepPerKeyOrder() throws Exception {
        String topic = cluster.topic("OrderedPair", 8);
        String group = ClusterSupport.unique("orderly");
        Map<Integer, List<Integer>> seen = new ConcurrentHashMap<>();
        Map<Integer, String> queueOwner = new ConcurrentHashMap<>();
        AtomicInteger sharedQueues = new AtomicInteger();
        List<PushConsumer> members = new ArrayList<>();
        for (String name : List.of("one", "two")) {
            members.add(cluster.track(cluster.push(group).subscribe(topic, "*").lockRenewInterval(Duration.ofSeconds(2))
                    .orderlyListener(m -> {
                        if (!name.equals(queueOwner.computeIfAbsent(m.getQueueId(), q -> name))) {
                            sharedQueues.incrementAndGet();
                        }
                        String[] parts = new String(m.getBody(), StandardCharsets.UTF_8).split(":");
                        seen.computeIfAbsent(Integer.parseInt(parts[0]), k -> new CopyOnWriteArrayList<>())
                                .add(Integer.parseInt(parts[1]));
                        return ConsumeResult.SUCCESS;
                    }).build()));
        }
        await("two members owning 4 locked queues each", WAIT, () -> members.stream()
                .allMatch(c -> c.assignment().stream().filter(q -> q.topic().equals(topic)).count() == 4));
        try (Producer keyed = Producer.builder(ClusterSupport.unique("pg")).config(cluster.config())
                .queueSelector(QueueSelector.byKey(Message::getKeys)).build()) {
            for (int seq = 0; seq < 10; seq++) {
                for (int key = 0; key < KEYS; key++) {
                    keyed.send(new Message(topic, "T", "key" + key, (key + ":" + seq).getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        await("every message", WAIT, () -> seen.values().stream().mapToInt(List::size).sum() == KEYS * 10);
        assertEquals(0, sharedQueues.get(), "a queue consumed by both members");
        assertEquals(8, queueOwner.size());
        List<Integer> expected = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        seen.forEach((key, seqs) -> assertEquals(expected, seqs, "order of key " + key));
    }
}
