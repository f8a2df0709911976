package io.ferrymq.client.consumer.idempotent;

import static io.ferrymq.broker.BrokerHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferrymq.broker.BrokerHarness;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.common.message.Message;
import io.ferrymq.common.topic.TopicConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The idempotent consumer behind a real push consumer: a message delivered twice (a producer resend with
 * the same id) and a message redelivered after its handler failed both leave exactly one effect.
 */
class IdempotentConsumerIT {
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;
    private BrokerHarness harness;
    private JdbcDataSource dataSource;

    @BeforeEach
    void start() throws Exception {
        harness = new BrokerHarness(dir);
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:orders" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE shipments (order_id VARCHAR(64) NOT NULL, shipped_at TIMESTAMP)");
        }
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private int shipments(String orderId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM shipments WHERE order_id = ?")) {
            s.setString(1, orderId);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void redeliveriesLeaveExactlyOneEffect() throws Exception {
        String topic = "Shipping";
        harness.broker.topics().update(new TopicConfig(topic, 2, 2, 6));
        await("route", WAIT, () -> harness.namesrv.routes().pickupTopicRouteData(topic) != null);
        AtomicInteger deliveries = new AtomicInteger();
        AtomicInteger handlerRuns = new AtomicInteger();
        AtomicInteger failuresLeft = new AtomicInteger(1);
        IdempotentListener idempotent = IdempotentListener.builder(dataSource, (m, c) -> {
            handlerRuns.incrementAndGet();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO shipments VALUES (?, CURRENT_TIMESTAMP)")) {
                s.setString(1, m.getKeys());
                s.executeUpdate();
            }
            if (m.getKeys().equals("order-2") && failuresLeft.getAndDecrement() > 0) {
                throw new IllegalStateException("carrier API down"); // after the insert: it must be rolled back
            }
        }).scope("shipping").build();

        ClientConfig config = ClientConfig.builder().namesrvAddr(harness.namesrvAddr).instanceName("idem-c").build();
        try (PushConsumer consumer = PushConsumer.builder("shipping").config(config).subscribe(topic, "*")
                .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET).listener(m -> {
                    deliveries.incrementAndGet();
                    return idempotent.consume(m);
                }).build();
             Producer producer = Producer.builder("orders").config(ClientConfig.builder()
                     .namesrvAddr(harness.namesrvAddr).instanceName("idem-p").build()).build()) {
            Message once = new Message(topic, "ship", "order-1", "ship order-1".getBytes(StandardCharsets.UTF_8));
            producer.send(once);
            producer.send(once); // a resend keeps the message id: the broker stores it twice
            producer.send(new Message(topic, "ship", "order-2", "ship order-2".getBytes(StandardCharsets.UTF_8)));

            // order-1 twice, order-2 once failing and once more from the retry topic
            await("four deliveries", WAIT, () -> deliveries.get() == 4);
            await("order-2 shipped", WAIT, () -> shipments("order-2") == 1);
        }
        assertEquals(1, shipments("order-1"), "order-1 shipped once although delivered twice");
        assertEquals(1, shipments("order-2"), "the failed attempt was rolled back");
        assertEquals(3, handlerRuns.get(), "order-1 once, order-2 twice (one rolled back)");
    }
}
