package io.ferrymq.example.notification;

import io.ferrymq.example.db.Database;
import io.ferrymq.example.events.OrderConfirmed;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The notification-service's record of merchant notifications. Deliberately without a unique key on the order:
 * "notified exactly once" is a property the messaging must deliver, and the invariant check counts it.
 */
public final class NotificationStore {
    private final Database db;

    public NotificationStore(Database db) throws SQLException {
        this.db = db;
        db.ensureSchema("""
                CREATE TABLE IF NOT EXISTS notifications (
                  id BIGINT AUTO_INCREMENT PRIMARY KEY,
                  order_id VARCHAR(64) NOT NULL,
                  item VARCHAR(64) NOT NULL,
                  quantity INT NOT NULL,
                  text VARCHAR(300) NOT NULL,
                  notified_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)""");
    }

    public Database database() {
        return db;
    }

    /** Records a notification inside the caller's transaction. */
    public static void record(Connection c, OrderConfirmed order, String text) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO notifications (order_id, item, quantity, text) VALUES (?, ?, ?, ?)")) {
            s.setString(1, order.orderId());
            s.setString(2, order.item());
            s.setInt(3, order.quantity());
            s.setString(4, text);
            s.executeUpdate();
        }
    }

    /** Order id → number of notifications sent for it. */
    public Map<String, Integer> countsByOrder() throws SQLException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT order_id, COUNT(*) FROM notifications GROUP BY order_id"); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                counts.put(r.getString(1), r.getInt(2));
            }
        }
        return counts;
    }

    public int total() throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM notifications"); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }
}
