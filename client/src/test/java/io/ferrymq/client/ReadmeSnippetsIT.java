package io.ferrymq.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerHarness;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.ConsumeResult;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.outbox.TransactionalOutbox;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.client.producer.TransactionSendResult;
import io.ferrymq.common.message.Message;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snippets of README.md's "Using the Java SDK", run against the in-process broker. Each snippet
 * sits between a {@code README snippet} marker and {@code end of README snippet};
 * {@link #theReadmeShowsTheseSnippetsVerbatim} fails when README.md's copy differs, so the README never
 * shows code that was not run here. The snippets call a few stand-ins for application code
 * ({@code orders.markSent}, {@code reserveStock}, {@code awaitShutdown}), defined below.
 */
class ReadmeSnippetsIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path README = Path.of("..", "README.md");
    private static final Path THIS_SOURCE = Path.of("src", "test", "java", "io", "ferrymq", "client",
            "ReadmeSnippetsIT.java");

    @TempDir
    Path dir;
    private BrokerHarness harness;
    private String namesrvAddr;
    private final SentOrders orders = new SentOrders();
    /** Order id to body, as {@code reserveStock} saw them. */
    private final Map<String, String> reserved = new ConcurrentHashMap<>();
    private final List<String> expectedReservations = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        harness = new BrokerHarness(dir);
        namesrvAddr = harness.namesrvAddr;
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    /** The application's record of sent orders: order id to message id. */
    static final class SentOrders {
        private final Map<Long, String> msgIds = new ConcurrentHashMap<>();

        void markSent(long orderId, String msgId) {
            msgIds.put(orderId, msgId);
        }

        String msgId(long orderId) {
            return msgIds.get(orderId);
        }
    }

    private void reserveStock(String orderKey, byte[] body) {
        reserved.put(orderKey, new String(body, StandardCharsets.UTF_8));
    }

    /** The service's main thread, until the orders this test expects were reserved. */
    private void awaitShutdown() throws InterruptedException {
        BrokerHarness.await("reservations " + expectedReservations, WAIT,
                () -> reserved.keySet().containsAll(expectedReservations));
    }

    private static Message order(String tag, long id) {
        byte[] body = ("{\"orderId\":" + id + "}").getBytes(StandardCharsets.UTF_8);
        return new Message("OrderCreated", tag, "order-" + id, body);
    }

    private Deliveries officialConsumer(String group) throws Exception {
        Deliveries deliveries = new Deliveries();
        DefaultMQPushConsumer consumer = harness.consumer(group, "OrderCreated", "*", deliveries.listener());
        consumer.start();
        return deliveries;
    }

    @Test
    void sendSyncAndAsync() throws Exception {
        // README snippet: send
        try (Producer producer = Producer.builder("order-service").namesrvAddr(namesrvAddr).build()) {
            // sync: returns once the broker stored the message, throws ClientException if it could not
            byte[] order42 = "{\"orderId\":42}".getBytes(StandardCharsets.UTF_8);
            SendResult stored = producer.send(new Message("OrderCreated", "created", "order-42", order42));
            orders.markSent(42, stored.msgId());

            // async: returns at once; the future completes when the broker stored it (retries included)
            byte[] order43 = "{\"orderId\":43}".getBytes(StandardCharsets.UTF_8);
            CompletableFuture<SendResult> pending =
                    producer.sendAsync(new Message("OrderCreated", "created", "order-43", order43));
            pending.thenAccept(result -> orders.markSent(43, result.msgId()))
                    .join(); // only so that the producer is not closed before the answer came
        }
        // end of README snippet

        Deliveries deliveries = officialConsumer("readme-send-check");
        BrokerHarness.await("both orders delivered", WAIT,
                () -> deliveries.received("{\"orderId\":42}") && deliveries.received("{\"orderId\":43}"));
        assertEquals(orders.msgId(42), deliveries.first("{\"orderId\":42}").message().getMsgId());
        assertEquals(orders.msgId(43), deliveries.first("{\"orderId\":43}").message().getMsgId());
        assertEquals("order-43", deliveries.first("{\"orderId\":43}").message().getKeys());
        assertEquals("created", deliveries.first("{\"orderId\":43}").message().getTags());
    }

    @Test
    void consumeWithAPushConsumer() throws Exception {
        try (Producer producer = Producer.builder("order-service").namesrvAddr(namesrvAddr).build()) {
            producer.send(order("created", 7));
            producer.send(order("cancelled", 8));
            producer.send(order("paid", 9));
        }
        expectedReservations.addAll(List.of("order-7", "order-9"));

        // README snippet: consume
        try (PushConsumer consumer = PushConsumer.builder("inventory-service")
                .namesrvAddr(namesrvAddr)
                .subscribe("OrderCreated", "created || paid")            // tags; "*" for all
                .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET)         // a new group starts at the oldest message
                .listener(message -> {
                    reserveStock(message.getKeys(), message.getBody());
                    return ConsumeResult.SUCCESS;                        // RECONSUME_LATER or throwing: redelivered
                })
                .build()) {
            awaitShutdown();
        }
        // end of README snippet

        assertEquals(Map.of("order-7", "{\"orderId\":7}", "order-9", "{\"orderId\":9}"), reserved,
                "the cancelled order's tag is not subscribed");
    }

    @Test
    void transactionalSendWithTheOutbox() throws Exception {
        // README snippet: outbox
        JdbcDataSource database = new JdbcDataSource();                   // H2 here; any javax.sql.DataSource
        database.setURL("jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1");
        try (Connection c = database.getConnection(); Statement ddl = c.createStatement()) {
            ddl.executeUpdate("CREATE TABLE orders (id BIGINT PRIMARY KEY, item VARCHAR(64) NOT NULL)");
        }
        try (TransactionalOutbox outbox = TransactionalOutbox.builder(database)
                .namesrvAddr(namesrvAddr)
                .producerGroup("order-service-tx")    // every process sharing the outbox table uses this group
                .topics("OrderCreated")
                .build()) {                           // creates the outbox table (ferry_outbox) if missing
            byte[] order44 = "{\"orderId\":44}".getBytes(StandardCharsets.UTF_8);
            TransactionSendResult sent = outbox.send(new Message("OrderCreated", "created", "order-44", order44),
                    connection -> {                   // runs in the outbox's database transaction
                        try (PreparedStatement insert = connection.prepareStatement(
                                "INSERT INTO orders (id, item) VALUES (?, ?)")) {
                            insert.setLong(1, 44);
                            insert.setString(2, "book");
                            insert.executeUpdate();
                        }
                    });
            orders.markSent(44, sent.msgId());
        }
        // end of README snippet

        try {
            assertEquals(1, count(database, "SELECT COUNT(*) FROM orders WHERE id = 44"));
            assertEquals(1, count(database, "SELECT COUNT(*) FROM ferry_outbox WHERE tx_id = '" + orders.msgId(44)
                    + "' AND state = 'COMMITTED'"), "the outbox row of the message");
            Deliveries deliveries = officialConsumer("readme-outbox-check");
            BrokerHarness.await("order 44 delivered", WAIT, () -> deliveries.received("{\"orderId\":44}"));
            assertEquals(orders.msgId(44), deliveries.first("{\"orderId\":44}").message().getMsgId());
            assertEquals(1, deliveries.count("{\"orderId\":44}"));
        } finally {
            try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN"); // drops the in-memory database
            }
        }
    }

    private static int count(JdbcDataSource database, String sql) throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void theReadmeShowsTheseSnippetsVerbatim() throws IOException {
        String readme = Files.readString(README);
        Map<String, String> snippets = snippets(Files.readString(THIS_SOURCE));
        assertEquals(List.of("send", "consume", "outbox"), List.copyOf(snippets.keySet()));
        snippets.forEach((name, code) -> assertTrue(readme.contains("```java\n" + code + "```\n"),
                "README.md lacks the \"" + name + "\" snippet exactly as " + THIS_SOURCE + " runs it:\n" + code));
        assertTrue(readme.contains(THIS_SOURCE.getFileName().toString()), "README.md names this test");
    }

    /** The marked regions of this file, by name, in file order, with their common indentation removed. */
    private static Map<String, String> snippets(String source) {
        Map<String, String> found = new java.util.LinkedHashMap<>();
        Matcher m = Pattern.compile("// README snippet: (\\w+)\\n(.*?)\\n[ ]*// end of README snippet", Pattern.DOTALL)
                .matcher(source);
        while (m.find()) {
            List<String> lines = m.group(2).lines().toList();
            int indent = lines.stream().filter(l -> !l.isBlank())
                    .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
            StringBuilder code = new StringBuilder();
            lines.forEach(l -> code.append(l.isBlank() ? "" : l.substring(indent)).append('\n'));
            found.put(m.group(1), code.toString());
        }
        return found;
    }
}
