package io.ferrymq.client.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The outbox table: one row per message whose business change committed. Plain, portable SQL:
 *
 * <pre>
 * CREATE TABLE ferry_outbox (
 *   tx_id      VARCHAR(128) NOT NULL PRIMARY KEY, -- the message's unique id (UNIQ_KEY), which check-backs name
 *   topic      VARCHAR(127) NOT NULL,
 *   state      VARCHAR(16)  NOT NULL,             -- COMMITTED
 *   created_at TIMESTAMP    NOT NULL              -- when the row was written (the outbox's clock)
 * );
 * CREATE INDEX ferry_outbox_created_at ON ferry_outbox (created_at);
 * </pre>
 */
final class OutboxTable {
    static final String COMMITTED = "COMMITTED";
    private static final Pattern NAME = Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}");

    private final String name;

    OutboxTable(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("outbox table name must be [schema.]name of letters, digits and _"
                    + " (at most 63 each, not starting with a digit), got '" + name + "'");
        }
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Creates the table and its index unless they exist (another process may create them concurrently). */
    void ensureExists(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(true); // each DDL statement on its own, and a failed probe aborts nothing
            try {
                if (!exists(c)) {
                    create(c);
                }
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("CREATE TABLE " + name + " (tx_id VARCHAR(128) NOT NULL PRIMARY KEY,"
                    + " topic VARCHAR(127) NOT NULL, state VARCHAR(16) NOT NULL, created_at TIMESTAMP NOT NULL)");
            s.executeUpdate("CREATE INDEX " + unqualified() + "_created_at ON " + name + " (created_at)");
        } catch (SQLException e) {
            if (!exists(c)) {
                throw e;
            }
        }
    }

    private boolean exists(Connection c) {
        try (Statement s = c.createStatement()) {
            s.executeQuery("SELECT 1 FROM " + name + " WHERE 1 = 0").close();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private String unqualified() {
        return name.substring(name.indexOf('.') + 1);
    }

    /** Inserts the row of a committed message, inside the caller's transaction. */
    void insertCommitted(Connection c, String txId, String topic, Instant createdAt) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + name
                + " (tx_id, topic, state, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, txId);
            ps.setString(2, topic);
            ps.setString(3, COMMITTED);
            ps.setTimestamp(4, Timestamp.from(createdAt));
            ps.executeUpdate();
        }
    }

    boolean isCommitted(DataSource dataSource, String txId) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT state FROM " + name + " WHERE tx_id = ?")) {
            ps.setString(1, txId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && COMMITTED.equals(rs.getString(1));
            }
        }
    }

    /** Deletes rows created before {@code cutoff}; returns how many. */
    int deleteCreatedBefore(DataSource dataSource, Instant cutoff) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM " + name + " WHERE created_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(cutoff));
            int deleted = ps.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return deleted;
        }
    }
}
