package io.ferrymq.example.order;

import io.ferrymq.example.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The order-service's table of orders: PENDING until the inventory answers, then CONFIRMED or CANCELLED. */
public final class OrderStore {
    public static final String PENDING = "PENDING";
    public static final String CONFIRMED = "CONFIRMED";
    public static final String CANCELLED = "CANCELLED";

    private final Database db;

    public OrderStore(Database db) throws SQLException {
        this.db = db;
        db.ensureSchema("""
                CREATE TABLE IF NOT EXISTS orders (
                  order_id VARCHAR(64) PRIMARY KEY,
                  item VARCHAR(64) NOT NULL,
                  quantity INT NOT NULL,
                  state VARCHAR(16) NOT NULL,
                  reason VARCHAR(200),
                  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL,
                  updated_at TIMESTAMP)""");
    }

    public Database database() {
        return db;
    }

    /** Inserts a new PENDING order inside the caller's transaction. */
    public static void insertPending(Connection c, String orderId, String item, int quantity) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO orders (order_id, item, quantity, state) VALUES (?, ?, ?, 'PENDING')")) {
            s.setString(1, orderId);
            s.setString(2, item);
            s.setInt(3, quantity);
            s.executeUpdate();
        }
    }

    /**
     * Moves a PENDING order to its final state inside the caller's transaction.
     *
     * @return false when the order was already settled (a redelivered answer) or is unknown
     */
    public static boolean settle(Connection c, String orderId, boolean confirmed, String reason) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE orders SET state = ?, reason = ?, "
                + "updated_at = CURRENT_TIMESTAMP WHERE order_id = ? AND state = 'PENDING'")) {
            s.setString(1, confirmed ? CONFIRMED : CANCELLED);
            s.setString(2, reason);
            s.setString(3, orderId);
            return s.executeUpdate() == 1;
        }
    }

    /** Order id → state, for the invariant checks. */
    public Map<String, String> states() throws SQLException {
        Map<String, String> states = new LinkedHashMap<>();
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT order_id, state FROM orders ORDER BY order_id"); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                states.put(r.getString(1), r.getString(2));
            }
        }
        return states;
    }

    /** State → number of orders. */
    public Map<String, Integer> countByState() throws SQLException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String state : new String[] {PENDING, CONFIRMED, CANCELLED}) {
            counts.put(state, 0);
        }
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT state, COUNT(*) FROM orders GROUP BY state"); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                counts.put(r.getString(1), r.getInt(2));
            }
        }
        return counts;
    }
}
