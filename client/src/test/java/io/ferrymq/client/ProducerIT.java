package io.ferrymq.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerHarness;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.QueueSelector;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.client.producer.SendStatus;
import io.ferrymq.common.message.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FerryMQ's producer against FerryMQ's broker, read back by the official 4.9.8 push consumer. */
class ProducerIT {
    @TempDir
    Path dir;
    private BrokerHarness harness;
    private String namesrvAddr;

    @BeforeEach
    void start() throws Exception {
        harness = new BrokerHarness(dir);
        namesrvAddr = harness.namesrvAddr;
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private Producer producer() {
        return Producer.builder("sdk-producer").config(ClientConfig.builder().namesrvAddr(namesrvAddr)
                .instanceName("sdk-" + System.nanoTime()).build()).build();
    }

    @Test
    void syncAsyncAndOnewaySendsReachTheOfficialConsumerIntact() throws Exception {
        String topic = "SdkTopic";
        int count = 30;
        Map<String, MessageExt> received = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer("sdk-check-consumer");
        consumer.setNamesrvAddr(namesrvAddr);
        consumer.setInstanceName("official-" + System.nanoTime());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> received.put(m.getKeys(), m));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        try (Producer producer = producer()) {
            List<SendResult> results = new ArrayList<>();
            List<CompletableFuture<SendResult>> async = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Message msg = new Message(topic, "Tag" + (i % 3), "key-" + i,
                        ("body-" + i).getBytes(StandardCharsets.UTF_8));
                msg.putProperty("seq", Integer.toString(i));
                switch (i % 3) {
                    case 0 -> results.add(producer.send(msg));
                    case 1 -> async.add(producer.sendAsync(msg));
                    default -> producer.sendOneway(msg);
                }
            }
            for (CompletableFuture<SendResult> f : async) {
                results.add(f.get(10, TimeUnit.SECONDS));
            }
            for (SendResult r : results) {
                assertEquals(SendStatus.SEND_OK, r.status());
                assertNotNull(r.msgId());
                assertEquals(32, r.offsetMsgId().length());
            }
            consumer.start();
            BrokerHarness.await("every message at the official consumer", Duration.ofSeconds(60),
                    () -> received.size() == count);
        } finally {
            consumer.shutdown();
        }
        assertEquals(count, received.size());
        for (int i = 0; i < count; i++) {
            MessageExt m = received.get("key-" + i);
            assertEquals("body-" + i, new String(m.getBody(), StandardCharsets.UTF_8));
            assertEquals("Tag" + (i % 3), m.getTags());
            assertEquals(Integer.toString(i), m.getUserProperty("seq"));
        }
    }

    @Test
    void sameKeyGoesToTheSameQueue() {
        try (Producer producer = Producer.builder("sdk-ordered").config(ClientConfig.builder()
                .namesrvAddr(namesrvAddr).instanceName("ordered-" + System.nanoTime()).build())
                .queueSelector(QueueSelector.byKey(Message::getKeys)).build()) {
            int queue = -1;
            for (int i = 0; i < 10; i++) {
                SendResult r = producer.send(new Message("OrderedTopic", null, "customer-7", new byte[] {(byte) i}));
                queue = queue < 0 ? r.queue().queueId() : queue;
                assertEquals(queue, r.queue().queueId());
            }
        }
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        try (Producer producer = producer()) {
            IllegalArgumentException badTopic = assertThrows(IllegalArgumentException.class,
                    () -> producer.send(new Message("bad topic!", new byte[] {1})));
            assertTrue(badTopic.getMessage().contains("topic"));
            assertThrows(IllegalArgumentException.class, () -> producer.send(new Message("T", new byte[0])));
        }
    }
}
