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
 * kill -9 of a broker (a child JVM) with timers delivered since its last saved progress and timers still
 * pending: after the restart every timer is stored in its topic exactly once.
 */
class TimerCrashIT {
    private static final String TOPIC = "CrashTimerTopic";
    private static final int TIMERS = 8;

    @TempDir
    Path dir;
    private ChildBroker servers;

    @BeforeEach
    void start() throws Exception {
        // progress is saved only at shutdown (an hour apart otherwise): the crash loses it
        servers = new ChildBroker(dir, "flushConsumerOffsetInterval=3600000");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (servers != null) {
            servers.close();
        }
    }

    @SuppressWarnings("deprecation") // maxOffset through the producer's admin API, as TransactionCrashIT does
    private static long stored(DefaultMQProducer producer) {
        try {
            long n = 0;
            for (MessageQueue q : producer.fetchPublishMessageQueues(TOPIC)) {
                n += producer.maxOffset(q);
            }
            return n;
        } catch (Exception e) {
            return -1; // the broker is restarting
        }
    }

    @Test
    void timersDeliveredBeforeAKill9AreNotDeliveredAgainAndPendingOnesStillAre() throws Exception {
        DefaultMQProducer producer = OfficialClients.producer(servers.namesrvAddr());
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = null;
        try {
            producer.send(new Message(TOPIC, "T", "first".getBytes(StandardCharsets.UTF_8)));
            for (int i = 1; i <= TIMERS; i++) {
                Message m = new Message(TOPIC, "T", ("timer-" + i).getBytes(StandardCharsets.UTF_8));
                m.putUserProperty("TIMER_DELAY_MS", Long.toString(i * 1_500L));
                producer.send(m);
            }
            BrokerHarness.await("some timers delivered", Duration.ofSeconds(40), () -> stored(producer) >= 1 + 3);
            assertTrue(stored(producer) < 1 + TIMERS, "some timers must still be pending at the crash");

            servers.kill9();
            servers.start();

            consumer = OfficialClients.consumer(servers.namesrvAddr(), OfficialClients.unique("crash-cg"),
                    TOPIC, "*", (MessageListenerConcurrently) (msgs, ctx) -> {
                        msgs.forEach(m -> deliveries.computeIfAbsent(new String(m.getBody(), StandardCharsets.UTF_8),
                                k -> new AtomicInteger()).incrementAndGet());
                        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                    });
            consumer.start();
            // the last timer is due after all others and timers go out in time order
            BrokerHarness.await("the last timer", Duration.ofSeconds(60),
                    () -> deliveries.containsKey("timer-" + TIMERS));
            assertEquals(1 + TIMERS, stored(producer), "each timer stored in its topic exactly once");
            BrokerHarness.await("every message consumed", Duration.ofSeconds(30),
                    () -> deliveries.size() == 1 + TIMERS);
        } finally {
            if (consumer != null) {
                consumer.shutdown();
            }
            producer.shutdown();
        }
        List.copyOf(deliveries.keySet()).forEach(body ->
                assertEquals(1, deliveries.get(body).get(), body + " delivered " + deliveries.get(body) + " times"));
    }
}
