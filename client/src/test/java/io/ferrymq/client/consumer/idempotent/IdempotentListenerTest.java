package io.ferrymq.client.consumer.idempotent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.client.consumer.ConsumeResult;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The idempotent listener on H2: one effect per key, rollback on failure, table management. */
class IdempotentListenerTest {
    private static final AtomicInteger DB = new AtomicInteger();
    private JdbcDataSource dataSource;
    private final AtomicInteger handlerCalls = new AtomicInteger();

    @BeforeEach
    void database() throws SQLException {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:idem" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE stock (sku VARCHAR(32) PRIMARY KEY, reserved INT NOT NULL)");
            s.execute("INSERT INTO stock VALUES ('sku-1', 0)");
        }
    }

    private static MessageExt message(String id, String keys) {
        MessageExt m = new MessageExt();
        m.setTopic("OrderCreated");
        m.setBody(new byte[] {1});
        m.putProperty(MessageConst.UNIQ_KEY, id);
        if (keys != null) {
            m.setKeys(keys);
        }
        return m;
    }

    private void reserve(MessageExt m, Connection c) throws SQLException {
        handlerCalls.incrementAndGet();
        try (PreparedStatement s = c.prepareStatement("UPDATE stock SET reserved = reserved + 1 WHERE sku = 'sku-1'")) {
            s.executeUpdate();
        }
    }

    private int reserved() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT reserved FROM stock WHERE sku = 'sku-1'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aRedeliveredMessageIsAcknowledgedWithoutRunningTheHandlerAgain() throws Exception {
        IdempotentListener listener = IdempotentListener.builder(dataSource, this::reserve).build();
        MessageExt m = message("ID-1", "order-1");
        assertEquals(IdempotentListener.Outcome.PROCESSED, listener.process(m));
        assertEquals(IdempotentListener.Outcome.DUPLICATE, listener.process(m));
        assertEquals(ConsumeResult.SUCCESS, listener.consume(m));
        assertEquals(1, handlerCalls.get());
        assertEquals(1, reserved());
        assertTrue(listener.isProcessed(m));
        assertEquals(IdempotentListener.Outcome.PROCESSED, listener.process(message("ID-2", "order-2")));
        assertEquals(2, reserved());
    }

    @Test
    void aFailingHandlerRollsBackItsWritesAndTheKeySoTheRedeliveryRunsIt() throws Exception {
        AtomicReference<RuntimeException> failure = new AtomicReference<>(new IllegalStateException("payment down"));
        IdempotentListener listener = IdempotentListener.builder(dataSource, (m, c) -> {
            reserve(m, c);
            RuntimeException e = failure.getAndSet(null);
            if (e != null) {
                throw e;
            }
        }).build();
        MessageExt m = message("ID-1", "order-1");
        assertThrows(IllegalStateException.class, () -> listener.consume(m));
        assertEquals(0, reserved(), "the handler's write was rolled back");
        assertFalse(listener.isProcessed(m));
        assertEquals(IdempotentListener.Outcome.PROCESSED, listener.process(m));
        assertEquals(1, reserved());
    }

    @Test
    void aKeyFunctionMakesBusinessDuplicatesCountOnce() throws Exception {
        IdempotentListener listener = IdempotentListener.builder(dataSource, this::reserve).key(MessageExt::getKeys)
                .table("order_events_seen").scope("inventory").build();
        listener.process(message("ID-1", "order-7"));
        assertEquals(IdempotentListener.Outcome.DUPLICATE, listener.process(message("ID-2", "order-7")));
        assertEquals(1, reserved());
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT scope, message_key FROM order_events_seen")) {
            assertTrue(rs.next());
            assertEquals("inventory", rs.getString(1));
            assertEquals("order-7", rs.getString(2));
        }
        MessageExt noKey = message("ID-3", null);
        assertThrows(IllegalArgumentException.class, () -> listener.process(noKey));
    }

    @Test
    void scopesSeparateConsumersSharingTheTableAndOldKeysCanBePurged() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2024-01-01T00:00:00Z"));
        InstantSource clock = () -> now.get();
        IdempotentListener a = IdempotentListener.builder(dataSource, this::reserve).scope("a").clock(clock).build();
        IdempotentListener b = IdempotentListener.builder(dataSource, this::reserve).scope("b").clock(clock).build();
        MessageExt m = message("ID-1", "k");
        a.process(m);
        b.process(m);
        assertEquals(2, reserved());
        now.set(now.get().plus(Duration.ofDays(8)));
        assertEquals(1, a.purgeOlderThan(Duration.ofDays(7)));
        assertFalse(a.isProcessed(m));
        assertTrue(b.isProcessed(m));
    }

    @Test
    void aTableNameThatIsNotAnIdentifierIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IdempotentListener.builder(dataSource, this::reserve).table("seen; DROP TABLE stock").build());
        assertTrue(e.getMessage().contains("identifier"));
    }

    @Test
    void longKeysAreStoredAsTheirHash() throws Exception {
        IdempotentListener listener = IdempotentListener.builder(dataSource, this::reserve).key(MessageExt::getKeys)
                .build();
        String longKey = "x".repeat(1000);
        listener.process(message("ID-1", longKey));
        assertEquals(IdempotentListener.Outcome.DUPLICATE, listener.process(message("ID-2", longKey)));
        assertEquals(IdempotentListener.Outcome.PROCESSED, listener.process(message("ID-3", longKey + "y")));
        assertEquals(2, reserved());
    }

    @Test
    void aTableCreatedByHandFromThePublishedStatementIsUsedAsIs() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(IdempotentListener.createTableStatement("processed_by_hand"));
        }
        IdempotentListener listener = IdempotentListener.builder(dataSource, this::reserve)
                .table("processed_by_hand").createTable(false).build();
        MessageExt m = message("ID-H", null);
        assertEquals(IdempotentListener.Outcome.PROCESSED, listener.process(m));
        assertEquals(IdempotentListener.Outcome.DUPLICATE, listener.process(m));
        assertEquals(1, reserved());
        assertThrows(IllegalArgumentException.class, () -> IdempotentListener.createTableStatement("t; DROP TABLE stock"));
    }
}
