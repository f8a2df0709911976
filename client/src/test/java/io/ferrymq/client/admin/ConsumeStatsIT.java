package io.ferrymq.client.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerHarness;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.Deliveries;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.common.message.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Consumer progress through GET_CONSUME_STATS, as the broker reports it. */
class ConsumeStatsIT {
    private static final String TOPIC = "ProgressTopic";
    private static final String GROUP = "progress-consumer";

    @TempDir
    Path dir;
    private BrokerHarness harness;
    private AdminClient admin;

    @BeforeEach
    void start() throws Exception {
        harness = new BrokerHarness(dir);
        admin = AdminClient.create(harness.namesrvAddr);
    }

    @AfterEach
    void stop() {
        admin.close();
        harness.close();
    }

    private ConsumeStats stats() {
        return admin.consumeStats(GROUP, TOPIC);
    }

    @Test
    void progressReachesTheQueueEndsOnceEverythingIsConsumed() throws Exception {
        int count = 6;
        try (Producer producer = Producer.builder("progress-producer").config(ClientConfig.builder()
                .namesrvAddr(harness.namesrvAddr).instanceName("progress-" + System.nanoTime()).build()).build()) {
            for (int i = 0; i < count; i++) {
                producer.send(new Message(TOPIC, ("m" + i).getBytes(StandardCharsets.UTF_8)));
            }
        }
        Deliveries deliveries = new Deliveries();
        harness.consumer(GROUP, TOPIC, "*", deliveries.listener()).start();
        BrokerHarness.await("every message consumed", Duration.ofSeconds(40), () -> {
            for (int i = 0; i < count; i++) {
                if (!deliveries.received("m" + i)) {
                    return false;
                }
            }
            return true;
        });
        stats();
        // the official consumer commits its offsets every 5 s
        BrokerHarness.await("committed offsets at the queue ends", Duration.ofSeconds(30),
                () -> stats().totalLag() == 0 && stats().offsets().values().stream()
                        .mapToLong(QueueProgress::consumerOffset).sum() == count);
        ConsumeStats stats = stats();
        assertEquals(count, stats.offsets().values().stream().mapToLong(QueueProgress::brokerOffset).sum());
        assertTrue(stats.offsets().keySet().stream().allMatch(q -> q.topic().equals(TOPIC)
                && q.brokerName().equals("broker-it")), stats.offsets().toString());
        assertTrue(stats.consumeTps() >= 0);
    }
}
