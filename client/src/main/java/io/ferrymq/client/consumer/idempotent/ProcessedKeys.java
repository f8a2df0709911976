package io.ferrymq.client.consumer.idempotent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The table of processed message keys: {@code (scope, message_key)} is the primary key, so recording a
 * key twice fails with an integrity violation, which is how a redelivery is recognised, even when two
 * deliveries race (the second insert waits for the first transaction and then fails).
 */
final class ProcessedKeys {
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    /** Longer keys are stored as their SHA-256 so they fit the column. */
    static final int MAX_KEY_LENGTH = 255;

    private final String table;
    private final String scope;

    ProcessedKeys(String table, String scope) {
        this.table = checkedName(table);
        this.scope = scope;
    }

    private static String checkedName(String table) {
        if (table == null || !TABLE_NAME.matcher(table).matches()) {
            throw new IllegalArgumentException("table name '" + table + "' must be a plain SQL identifier "
                    + "(letters, digits, underscore; at most 63 characters)");
        }
        return table;
    }

    String table() {
        return table;
    }

    /** The DDL used when the table is missing; {@code table} must be a plain SQL identifier. */
    static String createStatement(String table) {
        return "CREATE TABLE " + checkedName(table) + " (scope VARCHAR(128) NOT NULL, message_key VARCHAR(" + MAX_KEY_LENGTH
                + ") NOT NULL, consumed_at TIMESTAMP NOT NULL, PRIMARY KEY (scope, message_key))";
    }

    /** Creates the table unless it exists (another process creating it at the same time is fine). */
    void createIfMissing(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            if (exists(c)) {
                return;
            }
            try (Statement s = c.createStatement()) {
                s.execute(createStatement(table));
                if (!c.getAutoCommit()) {
                    c.commit();
                }
            } catch (SQLException e) {
                if (!exists(c)) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IdempotencyStoreException("cannot create the processed-keys table " + table + ": "
                    + e.getMessage(), e);
        }
    }

    private boolean exists(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        for (String name : new String[] {table, table.toUpperCase(java.util.Locale.ROOT),
                table.toLowerCase(java.util.Locale.ROOT)}) {
            try (ResultSet rs = meta.getTables(null, null, name, new String[] {"TABLE"})) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Records {@code key} in the caller's transaction; false when it was already recorded. */
    boolean record(Connection c, String key, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table
                + " (scope, message_key, consumed_at) VALUES (?, ?, ?)")) {
            insert.setString(1, scope);
            insert.setString(2, fit(key));
            insert.setTimestamp(3, Timestamp.from(now));
            insert.executeUpdate();
            return true;
        } catch (SQLIntegrityConstraintViolationException e) {
            return false;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false; // integrity constraint violation (drivers without the specific subclass)
            }
            throw e;
        }
    }

    /** True when {@code key} was recorded (committed). */
    boolean contains(DataSource dataSource, String key) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT 1 FROM " + table + " WHERE scope = ? AND message_key = ?")) {
            q.setString(1, scope);
            q.setString(2, fit(key));
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IdempotencyStoreException("cannot read " + table + ": " + e.getMessage(), e);
        }
    }

    /** Deletes keys recorded before {@code before}; returns how many. */
    int purge(DataSource dataSource, Instant before) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement d = c.prepareStatement("DELETE FROM " + table + " WHERE scope = ? AND consumed_at < ?")) {
            d.setString(1, scope);
            d.setTimestamp(2, Timestamp.from(before));
            int n = d.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return n;
        } catch (SQLException e) {
            throw new IdempotencyStoreException("cannot purge " + table + ": " + e.getMessage(), e);
        }
    }

    static String fit(String key) {
        if (key.length() <= MAX_KEY_LENGTH) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
