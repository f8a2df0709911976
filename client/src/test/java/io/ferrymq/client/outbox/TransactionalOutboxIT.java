package io.ferrymq.client.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerHarness;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.Deliveries;
import io.ferrymq.client.producer.LocalTransactionException;
import io.ferrymq.client.producer.LocalTransactionState;
import io.ferrymq.client.producer.TransactionSendResult;
import io.ferrymq.common.message.Message;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.file.SegmentSlice;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The transactional outbox with an H2 database and the in-process broker (half messages checked
 * after 1 s); deliveries observed with the official 4.9.8 push consumer.
 */
class TransactionalOutboxIT {
    private static final String TOPIC = "OrderCreated";
    private static final String GROUP = "order-service";
    private static final String TABLE = "order_outbox";

    @TempDir
    Path dir;
    private BrokerHarness harness;
    private JdbcDataSource database;
    private Deliveries deliveries;
    private DefaultMQPushConsumer consumer;
    private final List<TransactionalOutbox> opened = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        Properties p = new Properties();
        p.setProperty("transactionTimeOut", "1000");
        p.setProperty("transactionCheckInterval", "1000");
        p.setProperty("transactionScanPeriod", "50");
        harness = new BrokerHarness(dir, p);
        database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:outbox-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE orders (id BIGINT PRIMARY KEY, item VARCHAR(64) NOT NULL)");
        }
        deliveries = new Deliveries();
        consumer = harness.consumer("order-notifier", TOPIC, "*", deliveries.listener());
    }

    @AfterEach
    void stop() throws SQLException {
        opened.forEach(TransactionalOutbox::close);
        harness.close();
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    private TransactionalOutbox.Builder outbox() {
        return TransactionalOutbox.builder(database)
                .clientConfig(ClientConfig.builder().namesrvAddr(harness.namesrvAddr)
                        .instanceName("outbox-" + System.nanoTime()).build())
                .producerGroup(GROUP).table(TABLE).topics(TOPIC).gracePeriod(Duration.ofSeconds(30));
    }

    /** Closed after the test even when it fails (closing twice is harmless). */
    private TransactionalOutbox track(TransactionalOutbox outbox) {
        opened.add(outbox);
        return outbox;
    }

    private static Message order(long id) {
        return new Message(TOPIC, "created", "order-" + id, ("order-" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static BusinessChange insertOrder(long id) {
        return conn -> {
            try (PreparedStatement ps = conn.prepareStatement("INSERT INTO orders (id, item) VALUES (?, ?)")) {
                ps.setLong(1, id);
                ps.setString(2, "book");
                ps.executeUpdate();
            }
        };
    }

    private int count(String sql, String arg) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (arg != null) {
                ps.setString(1, arg);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private int orders(long id) throws SQLException {
        return count("SELECT COUNT(*) FROM orders WHERE id = " + id, null);
    }

    private int outboxRows(String txId) throws SQLException {
        return count("SELECT COUNT(*) FROM " + TABLE + " WHERE tx_id = ? AND state = 'COMMITTED'", txId);
    }

    @Test
    void committedChangeIsDeliveredOnceAndAFailedChangeLeavesNoRowAndNoMessage() throws Exception {
        try (TransactionalOutbox outbox = outbox().build()) {
            TransactionSendResult ok = outbox.send(order(1), insertOrder(1));
            assertEquals(LocalTransactionState.COMMIT, ok.state());
            assertEquals(1, orders(1));
            assertEquals(1, outboxRows(ok.msgId()));

            OutboxException failed = assertThrows(OutboxException.class, () -> outbox.send(order(2), conn -> {
                insertOrder(2).apply(conn);
                throw new IllegalStateException("payment declined");
            }));
            assertEquals(LocalTransactionState.ROLLBACK, failed.state());
            assertInstanceOf(IllegalStateException.class, failed.getCause());
            assertEquals(0, orders(2), "the business change was rolled back");
            assertEquals(0, outboxRows(failed.result().msgId()));

            OutboxException duplicate = assertThrows(OutboxException.class, () -> outbox.send(order(3), insertOrder(1)));
            assertEquals(LocalTransactionState.ROLLBACK, duplicate.state(), "a failing SQL statement rolls back");

            TransactionSendResult last = outbox.send(order(4), insertOrder(4));
            consumer.start();
            BrokerHarness.await("both committed orders", Duration.ofSeconds(40),
                    () -> deliveries.received("order-1") && deliveries.received("order-4"));
            assertEquals(ok.msgId(), deliveries.first("order-1").message().getMsgId());
            assertEquals(last.msgId(), deliveries.first("order-4").message().getMsgId());
        }
        assertEquals(1, deliveries.count("order-1"));
        assertFalse(deliveries.received("order-2"), "the message of a rolled-back change was delivered");
        assertFalse(deliveries.received("order-3"), "the message of a rolled-back change was delivered");
    }

    @Test
    void aProcessThatDiesAfterTheDatabaseCommitIsRepairedByTheNextOneFromTheTable() throws Exception {
        AtomicReference<TransactionalOutbox> crashing = new AtomicReference<>();
        // the process stops right after the database commit: its producer is closed, nothing else is sent
        TransactionalOutbox first = track(outbox().afterDatabaseCommit(() -> {
            crashing.get().close();
            throw new IllegalStateException("process died");
        }).build());
        crashing.set(first);
        LocalTransactionException crash = assertThrows(LocalTransactionException.class,
                () -> first.send(order(7), insertOrder(7)));
        String txId = crash.result().msgId();
        assertEquals(1, orders(7));
        assertEquals(1, outboxRows(txId), "the database committed before the crash");
        consumer.start();

        try (TransactionalOutbox restarted = outbox().build()) {
            BrokerHarness.await("the crashed transaction committed by the check-back", Duration.ofSeconds(40),
                    () -> deliveries.received("order-7"));
            restarted.send(order(8), insertOrder(8));
            BrokerHarness.await("a later order", Duration.ofSeconds(40), () -> deliveries.received("order-8"));
        }
        assertEquals(txId, deliveries.first("order-7").message().getMsgId());
        assertEquals(1, deliveries.count("order-7"), "delivered exactly once");
    }

    @Test
    void aTransactionThatNeverCommittedIsRolledBackByTheCheckOnceTheGracePeriodIsOver() throws Exception {
        AtomicReference<TransactionalOutbox> crashing = new AtomicReference<>();
        TransactionalOutbox first = track(outbox().build());
        crashing.set(first);
        long sentAt = System.currentTimeMillis();
        // the process dies inside the business transaction: the database rolls back, no rollback reaches the broker
        OutboxException died = assertThrows(OutboxException.class, () -> first.send(order(9), conn -> {
            insertOrder(9).apply(conn);
            crashing.get().close();
            throw new IllegalStateException("process died");
        }));
        long halfOffset = died.result().sendResult().queueOffset();
        assertEquals(0, orders(9));
        assertEquals(0, outboxRows(died.result().msgId()));

        track(outbox().gracePeriod(Duration.ofSeconds(3)).build()); // the restarted process
        BrokerHarness.await("the transaction ended by the restarted process's check-back", Duration.ofSeconds(30),
                () -> transactionDone(halfOffset));
        long endedAfter = System.currentTimeMillis() - sentAt;
        assertTrue(endedAfter >= 3_000, "rolled back " + endedAfter + " ms after the send, inside the grace period");
        assertEquals(0, messagesIn(TOPIC), "the transaction was committed instead of rolled back");
    }

    /** True once the broker wrote the "done" op record (tag d) of the half message at {@code halfOffset}. */
    private boolean transactionDone(long halfOffset) {
        MessageStore store = harness.broker.store();
        long ops = store.maxOffset(SystemTopics.TRANS_OP_HALF_TOPIC, 0);
        for (long i = 0; i < ops; i++) {
            SegmentSlice slice = store.messageByPhysicalOffset(
                    store.physicalOffsetOf(SystemTopics.TRANS_OP_HALF_TOPIC, 0, i));
            try {
                MessageExt op = MessageRecord.decode(slice.buffer(), true, false);
                if ("d".equals(op.getTags()) && Long.toString(halfOffset).equals(new String(op.getBody(),
                        StandardCharsets.UTF_8))) {
                    return true;
                }
            } finally {
                slice.release();
            }
        }
        return false;
    }

    /** Messages in every queue of {@code topic} (the outbox topic is auto-created with 4). */
    private long messagesIn(String topic) {
        long total = 0;
        for (int q = 0; q < 16; q++) {
            total += harness.broker.store().maxOffset(topic, q);
        }
        return total;
    }

    @Test
    void rowsOlderThanTheRetentionAreDeleted() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2024-03-01T10:00:00Z"));
        InstantSource clock = now::get;
        try (TransactionalOutbox outbox = outbox().clock(clock).build()) {
            TransactionSendResult old = outbox.send(order(11), insertOrder(11));
            now.set(now.get().plus(Duration.ofDays(5)));
            TransactionSendResult recent = outbox.send(order(12), insertOrder(12));
            now.set(now.get().plus(Duration.ofDays(3)));

            assertEquals(1, outbox.deleteRowsOlderThan(7));
            assertEquals(0, outboxRows(old.msgId()));
            assertEquals(1, outboxRows(recent.msgId()));
            assertThrows(IllegalArgumentException.class, () -> outbox.deleteRowsOlderThan(0));
        }
    }

    @Test
    void badTableNamesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> outbox().table("outbox; DROP TABLE orders").build());
        assertTrue(e.getMessage().contains("table name"), e.getMessage());
    }
}
