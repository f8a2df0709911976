package io.ferrymq.client.consumer;

import static io.ferrymq.broker.BrokerHarness.await;
import static io.ferrymq.client.consumer.ClusterSupport.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerHarness;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.consumer.internal.ConsumerBrokerApi;
import io.ferrymq.client.internal.ClientInstance;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.common.message.Message;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.remoting.protocol.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
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

    @Test
    void pullingPausesWhileAQueueHoldsTooManyMessages() throws Exception {
        String topic = cluster.topic("Flow", 1);
        Producer producer = cluster.producer();
        for (int i = 0; i < 200; i++) {
            producer.send(new Message(topic, "T", "k" + i, new byte[100]));
        }
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger consumed = new AtomicInteger();
        PushConsumer consumer = cluster.track(cluster.push(ClusterSupport.unique("cg")).subscribe(topic, "*")
                .maxMessagesPerQueue(20).pullBatchSize(8).consumeThreads(1).listener(m -> {
                    release.await(30, TimeUnit.SECONDS);
                    consumed.incrementAndGet();
                    return ConsumeResult.SUCCESS;
                }).build());
        await("the queue filling up to its limit", WAIT, () -> held(consumer) >= 20);
        // 200 messages wait at the broker and the pull loop retries every 50 ms: sample the bound over
        // a window of ten retries (an invariant checked over time, not a wait for an event)
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (System.nanoTime() < deadline) {
            long held = held(consumer);
            assertTrue(held < 20 + 8, "held " + held + " messages");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        release.countDown();
        await("all 200 consumed", WAIT, () -> consumed.get() == 200);
    }

    private static long held(PushConsumer consumer) {
        return consumer.heldMessages().values().stream().mapToLong(Long::longValue).sum();
    }

    @Test
    void closeWaitsForTheListenerInFlightCommitsItsOffsetAndLeavesTheGroup() throws Exception {
        String topic = cluster.topic("Close", 1);
        String group = ClusterSupport.unique("cg");
        ClientInstance shared = cluster.track(new ClientInstance(cluster.config()));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        PushConsumer consumer = cluster.track(PushConsumer.builder(group).clientInstance(shared).subscribe(topic, "*")
                .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET).listener(m -> {
                    entered.countDown();
                    release.await(30, TimeUnit.SECONDS);
                    finished.incrementAndGet();
                    return ConsumeResult.SUCCESS;
                }).build());
        cluster.producer().send(new Message(topic, "T", "slow", new byte[] {1}));
        assertTrue(entered.await(40, TimeUnit.SECONDS), "listener started");

        Thread closer = new Thread(consumer::close, "closer");
        closer.start();
        await("close waiting for the listener", WAIT, () -> closer.getState() == Thread.State.TIMED_WAITING
                || closer.getState() == Thread.State.WAITING);
        assertEquals(0, finished.get());
        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(40));
        assertFalse(closer.isAlive(), "close returned");
        assertEquals(1, finished.get());
        assertEquals(Map.of(0, 1L), cluster.harness.broker.offsets().queryAll(group, topic), "offset committed");

        ConsumerBrokerApi api = new ConsumerBrokerApi(shared, group);
        String broker = shared.consumerRoute(topic).masterAddrs().values().iterator().next();
        ClientException gone = assertThrows(ClientException.class, () -> api.consumerIds(broker),
                "the group has no member once its only consumer closed (its connection is still open)");
        assertEquals(ResponseCode.SYSTEM_ERROR, gone.responseCode());
    }
}
