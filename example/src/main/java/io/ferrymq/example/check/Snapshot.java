package io.ferrymq.example.check;

import io.ferrymq.example.inventory.InventoryStore;
import io.ferrymq.example.inventory.InventoryStore.Stock;
import io.ferrymq.example.notification.NotificationStore;
import io.ferrymq.example.order.OrderStore;
import java.sql.SQLException;
import java.util.Map;

/** The three services' databases read at one moment: what the summary and the invariants are computed from. */
public record Snapshot(Map<String, String> orders, Map<String, Integer> ordersByState, Map<String, Stock> stock,
                       Map<String, String> reservations, Map<String, Integer> reservedByItem,
                       Map<String, Integer> notificationsByOrder) {

    public static Snapshot read(OrderStore orders, InventoryStore inventory, NotificationStore notifications)
            throws SQLException {
        return new Snapshot(orders.states(), orders.countByState(), inventory.stock(), inventory.reservations(),
                inventory.reservedByItem(), notifications.countsByOrder());
    }

    public int pending() {
        return ordersByState.getOrDefault(OrderStore.PENDING, 0);
    }

    public int notificationTotal() {
        return notificationsByOrder.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Orders that reached a final state and, when confirmed, have been notified: the run's progress. */
    public boolean settled() {
        if (pending() > 0) {
            return false;
        }
        for (var e : orders.entrySet()) {
            if (OrderStore.CONFIRMED.equals(e.getValue()) && notificationsByOrder.getOrDefault(e.getKey(), 0) == 0) {
                return false;
            }
        }
        return true;
    }
}
