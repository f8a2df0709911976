package io.ferrymq.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a broker (a child JVM) with timer and delay-level messages delivered since their services'
 * last saved progress and others still pending: after the restart every one is stored in its topic
 * exactly once.
 */
class DelayedDeliveryCrashIT {
    private static final String TOPIC = "CrashTimerTopic";
    private static final String DELAY_TOPIC = "CrashDelayTopic";
    private static final int TIMERS = 8;
    private static final int DELAYED = 6;

    @TempDir
    Path dir;
    private ChildBroker servers;

    @BeforeEach
    void start() throws Exception {
        // progress is saved only at shutdown (an hour apart otherwise): the crash loses it
        servers = new ChildBroker(dir, "flushConsumerOffsetInterval=3600000",
                "messageDelayLevel=1s 2s 3s 8s 9s 10s");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (servers != null) {
            servers.close();
        }
    }

    @SuppressWarnings("deprecation") // maxOffset through the producer's admin API, as TransactionCrashIT does
    private static long stored(DefaultMQProducer producer, String topic) {
        try {
            long n = 0;
            for (MessageQueue q : producer.fetchPublishMessageQueues(topic)) {
                n += producer.maxOffset(q);
            }
            return n;
        } catch (Exception e) {
            return -1; // the broker is restarting
        }
    }

    @Test
    void timersAndDelayedMessagesDeliveredBeforeAKill9AreNotDeliveredAgainAndPendingOnesStillAre()
            throws Exception {
        DefaultMQProducer producer = OfficialClients.producer(servers.namesrvAddr());
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> delayedDeliveries = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = null;
        DefaultMQPushConsumer delayConsumer = null;
        try {
            producer.send(new Message(TOPIC, "T", "first".getBytes(StandardCharsets.UTF_8)));
            producer.send(new Message(DELAY_TOPIC, "D", "first".getBytes(StandardCharsets.UTF_8)));
            for (int i = 1; i <= TIMERS; i++) {
                Message m = new Message(TOPIC, "T", ("timer-" + i).getBytes(StandardCharsets.UTF_8));
                m.putUserProperty("TIMER_DELAY_MS", Long.toString(i * 1_500L));
                producer.send(m);
            }
            for (int level = 1; level <= DELAYED; level++) {
                Message m = new Message(DELAY_TOPIC, "D", ("delayed-" + level).getBytes(StandardCharsets.UTF_8));
                m.setDelayTimeLevel(level); // 1, 2, 3 s: delivered before the crash; 8, 9, 10 s: after
                producer.send(m);
            }
            BrokerHarness.await("some timers and delayed messages delivered", Duration.ofSeconds(40),
                    () -> stored(producer, TOPIC) >= 1 + 3 && stored(producer, DELAY_TOPIC) >= 1 + 3);
            assertTrue(stored(producer, TOPIC) < 1 + TIMERS, "some timers must still be pending at the crash");
            assertTrue(stored(producer, DELAY_TOPIC) < 1 + DELAYED, "some delayed messages must still be pending");

            servers.kill9();
            servers.start();

            consumer = OfficialClients.consumer(servers.namesrvAddr(), OfficialClients.unique("crash-cg"),
                    TOPIC, "*", (MessageListenerConcurrently) (msgs, ctx) -> {
                        msgs.forEach(m -> deliveries.computeIfAbsent(new String(m.getBody(), StandardCharsets.UTF_8),
                                k -> new AtomicInteger()).incrementAndGet());
                        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                    });
            consumer.start();
            delayConsumer = OfficialClients.consumer(servers.namesrvAddr(),
                    OfficialClients.unique("crash-delay-cg"), DELAY_TOPIC, "*",
                    (MessageListenerConcurrently) (msgs, ctx) -> {
                        msgs.forEach(m -> delayedDeliveries.computeIfAbsent(new String(m.getBody(),
                                StandardCharsets.UTF_8), k -> new AtomicInteger()).incrementAndGet());
                        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                    });
            delayConsumer.start();
            // the last timer is due after all others and timers go out in time order
            BrokerHarness.await("the last timer", Duration.ofSeconds(60),
                    () -> deliveries.containsKey("timer-" + TIMERS));
            assertEquals(1 + TIMERS, stored(producer, TOPIC), "each timer stored in its topic exactly once");
            BrokerHarness.await("every message consumed", Duration.ofSeconds(30),
                    () -> deliveries.size() == 1 + TIMERS && delayedDeliveries.size() == 1 + DELAYED);
            assertEquals(1 + DELAYED, stored(producer, DELAY_TOPIC), "each delayed message stored exactly once");
        } finally {
            if (consumer != null) {
                consumer.shutdown();
            }
            if (delayConsumer != null) {
                delayConsumer.shutdown();
            }
            producer.shutdown();
        }
        assertEachOnce(deliveries);
        assertEachOnce(delayedDeliveries);
    }

    private static void assertEachOnce(Map<String, AtomicInteger> deliveries) {
        List.copyOf(deliveries.keySet()).forEach(body ->
                assertEquals(1, deliveries.get(body).get(), body + " delivered " + deliveries.get(body) + " times"));
    }
}
