package io.ferrymq.client.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OutboxTableTest {
    private JdbcDataSource database;

    @BeforeEach
    void open() {
        database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:table-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @AfterEach
    void shutdown() throws SQLException {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    @Test
    void createdOnceThenReusedWithItsRows() throws SQLException {
        OutboxTable table = new OutboxTable("app.outbox");
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA app");
        }
        table.ensureExists(database);
        try (Connection c = database.getConnection()) {
            table.insertCommitted(c, "tx-1", "Orders", Instant.parse("2024-01-01T00:00:00Z"));
        }
        table.ensureExists(database); // a second process starting: the table and its rows stay
        assertTrue(table.isCommitted(database, "tx-1"));
        assertFalse(table.isCommitted(database, "tx-2"));
        assertEquals(1, table.deleteCreatedBefore(database, Instant.parse("2024-01-02T00:00:00Z")));
        assertFalse(table.isCommitted(database, "tx-1"));
    }

    @Test
    void namesThatCouldInjectSqlAreRefused() {
        for (String bad : new String[] {"", "1table", "out box", "outbox;drop", "a.b.c", "x\".y", null}) {
            assertThrows(IllegalArgumentException.class, () -> new OutboxTable(bad), String.valueOf(bad));
        }
    }
}
