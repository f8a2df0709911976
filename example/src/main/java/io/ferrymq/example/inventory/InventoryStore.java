package io.ferrymq.example.inventory;

import io.ferrymq.example.db.Database;
import io.ferrymq.example.events.OrderCreated;
import io.ferrymq.example.events.StockResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The inventory-service's stock and reservations. A reservation row per order makes reserving idempotent: an
 * order seen before changes nothing. The stock row's CHECK constraint makes overselling impossible even if the
 * code were wrong.
 */
public final class InventoryStore {
    public static final String RESERVED = "RESERVED";
    public static final String REJECTED = "REJECTED";

    private final Database db;

    public InventoryStore(Database db) throws SQLException {
        this.db = db;
        db.ensureSchema("""
                CREATE TABLE IF NOT EXISTS stock (
                  item VARCHAR(64) PRIMARY KEY,
                  initial INT NOT NULL,
                  available INT NOT NULL,
                  reserved INT NOT NULL,
                  CONSTRAINT no_oversell CHECK (available >= 0))""", """
                CREATE TABLE IF NOT EXISTS reservations (
                  order_id VARCHAR(64) PRIMARY KEY,
                  item VARCHAR(64) NOT NULL,
                  quantity INT NOT NULL,
                  status VARCHAR(16) NOT NULL,
                  created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)""", """
                CREATE TABLE IF NOT EXISTS redeliveries (
                  id BIGINT AUTO_INCREMENT PRIMARY KEY,
                  order_id VARCHAR(64) NOT NULL,
                  seen_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)""");
    }

    public Database database() {
        return db;
    }

    /** Sets an item's stock (the scenario's starting point). */
    public void seed(String item, int quantity) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "MERGE INTO stock (item, initial, available, reserved) KEY (item) VALUES (?, ?, ?, 0)")) {
            s.setString(1, item);
            s.setInt(2, quantity);
            s.setInt(3, quantity);
            s.executeUpdate();
        }
    }

    /**
     * Reserves stock for an order inside the caller's transaction.
     *
     * @return the answer to send back, or empty when this order was handled before (a redelivery)
     */
    public static Optional<StockResult> reserve(Connection c, OrderCreated order) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT status FROM reservations WHERE order_id = ?")) {
            s.setString(1, order.orderId());
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    noteRedelivery(c, order.orderId());
                    return Optional.empty();
                }
            }
        }
        boolean reserved;
        try (PreparedStatement s = c.prepareStatement("UPDATE stock SET available = available - ?, "
                + "reserved = reserved + ? WHERE item = ? AND available >= ?")) {
            s.setInt(1, order.quantity());
            s.setInt(2, order.quantity());
            s.setString(3, order.item());
            s.setInt(4, order.quantity());
            reserved = order.quantity() > 0 && s.executeUpdate() == 1;
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO reservations (order_id, item, quantity, status) VALUES (?, ?, ?, ?)")) {
            s.setString(1, order.orderId());
            s.setString(2, order.item());
            s.setInt(3, order.quantity());
            s.setString(4, reserved ? RESERVED : REJECTED);
            s.executeUpdate();
        }
        return Optional.of(new StockResult(order.orderId(), order.item(), order.quantity(), reserved,
                reserved ? null : "out of stock"));
    }

    private static void noteRedelivery(Connection c, String orderId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO redeliveries (order_id) VALUES (?)")) {
            s.setString(1, orderId);
            s.executeUpdate();
        }
    }

    /** How many times an order already handled came again (the log of absorbed duplicates). */
    public int redeliveries() throws SQLException {
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM redeliveries"); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }

    /** The answer given to an order before, rebuilt from its reservation (for a redelivered order). */
    public static Optional<StockResult> earlierAnswer(Connection c, OrderCreated order) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT status FROM reservations WHERE order_id = ?")) {
            s.setString(1, order.orderId());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                boolean reserved = RESERVED.equals(r.getString(1));
                return Optional.of(new StockResult(order.orderId(), order.item(), order.quantity(), reserved,
                        reserved ? null : "out of stock"));
            }
        }
    }

    /** One item's stock figures. */
    public record Stock(String item, int initial, int available, int reserved) {
    }

    public Map<String, Stock> stock() throws SQLException {
        Map<String, Stock> stock = new LinkedHashMap<>();
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT item, initial, available, reserved FROM stock ORDER BY item"); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                stock.put(r.getString(1), new Stock(r.getString(1), r.getInt(2), r.getInt(3), r.getInt(4)));
            }
        }
        return stock;
    }

    /** Order id → reservation status. */
    public Map<String, String> reservations() throws SQLException {
        Map<String, String> statuses = new LinkedHashMap<>();
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT order_id, status FROM reservations"); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                statuses.put(r.getString(1), r.getString(2));
            }
        }
        return statuses;
    }

    /** Item → sum of quantities of RESERVED reservations. */
    public Map<String, Integer> reservedByItem() throws SQLException {
        Map<String, Integer> sums = new LinkedHashMap<>();
        try (Connection c = db.connect(); PreparedStatement s = c.prepareStatement(
                "SELECT item, SUM(quantity) FROM reservations WHERE status = 'RESERVED' GROUP BY item");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                sums.put(r.getString(1), r.getInt(2));
            }
        }
        return sums;
    }
}
