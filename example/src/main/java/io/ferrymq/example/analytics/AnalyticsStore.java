package io.ferrymq.example.analytics;

import io.ferrymq.example.analytics.EventPlan.Activity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The analytics-service's tables: every recorded event (with how many deliveries failed before), and each
 * user's searches and clicks. The events table has no unique key on the message id on purpose: "recorded
 * exactly once" is what the idempotent consumer must deliver, and the check counts it.
 */
public final class AnalyticsStore {
    private AnalyticsStore() {
    }

    /** Creates the tables when missing; throws while the database is unreachable. */
    public static void createSchema(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE IF NOT EXISTS user_events (
                      id BIGINT AUTO_INCREMENT PRIMARY KEY,
                      msg_id VARCHAR(64) NOT NULL,
                      user_id VARCHAR(64) NOT NULL,
                      kind VARCHAR(16) NOT NULL,
                      detail VARCHAR(200) NOT NULL,
                      redeliveries INT NOT NULL,
                      recorded_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)""");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS user_activity (
                      user_id VARCHAR(64) PRIMARY KEY,
                      searches INT NOT NULL,
                      clicks INT NOT NULL)""");
        }
    }

    /** Records one event and counts it for its user, inside the caller's transaction. */
    public static void record(Connection c, String msgId, UserEvent e, int redeliveries) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO user_events (msg_id, user_id, kind, detail, "
                + "redeliveries) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, msgId);
            s.setString(2, e.userId());
            s.setString(3, e.kind());
            s.setString(4, e.detail());
            s.setInt(5, redeliveries);
            s.executeUpdate();
        }
        Activity add = Activity.of(e);
        if (addActivity(c, e.userId(), add) == 0) {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO user_activity (user_id, searches, clicks) VALUES (?, ?, ?)")) {
                s.setString(1, e.userId());
                s.setInt(2, add.searches());
                s.setInt(3, add.clicks());
                s.executeUpdate();
            } catch (SQLException dup) {
                // another thread inserted this user's row first (the statement failed, the transaction lives)
                if (!"23505".equals(dup.getSQLState()) || addActivity(c, e.userId(), add) != 1) {
                    throw dup;
                }
            }
        }
    }

    private static int addActivity(Connection c, String user, Activity add) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE user_activity SET searches = searches + ?, clicks = clicks + ? WHERE user_id = ?")) {
            s.setInt(1, add.searches());
            s.setInt(2, add.clicks());
            s.setString(3, user);
            return s.executeUpdate();
        }
    }

    /** What the analytics database holds, read at one moment. */
    public record Snapshot(Map<String, Integer> rowsByMsgId, Map<String, Integer> redeliveriesByMsgId,
                           Map<String, Activity> activity) {
        public int rows() {
            return rowsByMsgId.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    public static Snapshot read(DataSource db) throws SQLException {
        Map<String, Integer> rows = new TreeMap<>();
        Map<String, Integer> redeliveries = new TreeMap<>();
        Map<String, Activity> activity = new TreeMap<>();
        try (Connection c = db.getConnection()) {
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT msg_id, COUNT(*), MIN(redeliveries) FROM user_events GROUP BY msg_id");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rows.put(r.getString(1), r.getInt(2));
                    redeliveries.put(r.getString(1), r.getInt(3));
                }
            }
            try (PreparedStatement s = c.prepareStatement("SELECT user_id, searches, clicks FROM user_activity");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    activity.put(r.getString(1), new Activity(r.getInt(2), r.getInt(3)));
                }
            }
        }
        return new Snapshot(rows, redeliveries, activity);
    }
}
