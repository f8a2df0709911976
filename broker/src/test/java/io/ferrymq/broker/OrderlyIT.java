package io.ferrymq.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeOrderlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerOrderly;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.MessageQueueSelector;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An orderly consumer sees each key's messages in send order, across 8 queues and 4 producer threads. */
class OrderlyIT {
    private static final String TOPIC = "OrderedTopic";
    private static final int KEYS = 16;
    private static final int PER_KEY = 25;

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
    void perKeyOrderSurvivesConcurrentProducers() throws Exception {
        DefaultMQProducer admin = OfficialClients.producer(harness.namesrvAddr);
        admin.createTopic("TBW102", TOPIC, 8);
        BrokerHarness.await("the 8-queue route", Duration.ofSeconds(20), () -> {
            try {
                return admin.fetchPublishMessageQueues(TOPIC).size() == 8;
            } catch (Exception e) {
                return false;
            }
        });
        Map<Integer, List<Integer>> seen = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(OfficialClients.unique("orderly"));
        consumer.setNamesrvAddr(harness.namesrvAddr);
        consumer.setVipChannelEnabled(false);
        consumer.setInstanceName(OfficialClients.unique("consumer"));
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(TOPIC, "*");
        consumer.registerMessageListener((MessageListenerOrderly) (msgs, ctx) -> {
            msgs.forEach(m -> {
                String[] parts = new String(m.getBody(), StandardCharsets.UTF_8).split(":");
                seen.computeIfAbsent(Integer.parseInt(parts[0]), k -> new CopyOnWriteArrayList<>())
                        .add(Integer.parseInt(parts[1]));
            });
            return ConsumeOrderlyStatus.SUCCESS;
        });
        consumer.start();

        MessageQueueSelector byKey = (queues, msg, key) -> queues.get((Integer) key % queues.size());
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sends = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                sends.add(threads.submit(() -> {
                    for (int seq = 0; seq < PER_KEY; seq++) {
                        for (int key = thread; key < KEYS; key += 4) {
                            byte[] body = (key + ":" + seq).getBytes(StandardCharsets.UTF_8);
                            admin.send(new Message(TOPIC, "T", body), byKey, key);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : sends) {
                f.get(60, TimeUnit.SECONDS);
            }
            BrokerHarness.await("every message", Duration.ofSeconds(60),
                    () -> seen.values().stream().mapToInt(List::size).sum() >= KEYS * PER_KEY);
        } finally {
            threads.shutdownNow();
            consumer.shutdown();
            admin.shutdown();
        }
        assertEquals(KEYS, seen.size());
        for (Map.Entry<Integer, List<Integer>> e : seen.entrySet()) {
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < PER_KEY; i++) {
                expected.add(i);
            }
            assertEquals(expected, e.getValue(), "order of key " + e.getKey());
        }
    }
}
