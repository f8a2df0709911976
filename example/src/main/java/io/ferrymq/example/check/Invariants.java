package io.ferrymq.example.check;

import io.ferrymq.example.inventory.InventoryStore;
import io.ferrymq.example.inventory.InventoryStore.Stock;
import io.ferrymq.example.order.OrderStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The example's promises, checked from the three databases (never from counters kept in memory). */
public final class Invariants {
    private Invariants() {
    }

    /**
     * @param failedLocally orders whose local transaction was made to fail: they must have left no trace
     */
    public static List<Check> check(Snapshot s, Set<String> failedLocally) {
        List<Check> checks = new ArrayList<>();
        checks.add(Check.of("no oversell (available >= 0 for every item)", violations(s.stock(),
                st -> st.available() < 0 ? st.item() + " available " + st.available() : null)));
        checks.add(Check.of("stock + reserved = initial, reserved = sum of reservations", violations(s.stock(), st -> {
            int reservations = s.reservedByItem().getOrDefault(st.item(), 0);
            if (st.available() + st.reserved() != st.initial() || st.reserved() != reservations) {
                return st.item() + " " + st.available() + "+" + st.reserved() + " vs " + st.initial()
                        + " (reservations " + reservations + ")";
            }
            return null;
        })));
        checks.add(Check.of("every order settled (none PENDING)", violations(s.orders(),
                (id, state) -> OrderStore.PENDING.equals(state) ? id : null)));
        checks.add(Check.of("order state agrees with the inventory's reservation", agreement(s)));
        checks.add(Check.of("every confirmed order notified exactly once", violations(s.orders(), (id, state) -> {
            int n = s.notificationsByOrder().getOrDefault(id, 0);
            return OrderStore.CONFIRMED.equals(state) && n != 1 ? id + " notified " + n + "x" : null;
        })));
        List<String> wrongNotifications = new ArrayList<>();
        s.notificationsByOrder().forEach((id, n) -> {
            if (!OrderStore.CONFIRMED.equals(s.orders().get(id))) {
                wrongNotifications.add(id + " (" + s.orders().getOrDefault(id, "no such order") + ")");
            }
        });
        checks.add(Check.of("no cancelled or unknown order notified", wrongNotifications));
        if (!failedLocally.isEmpty()) {
            List<String> traces = new ArrayList<>();
            for (String id : failedLocally) {
                if (s.orders().containsKey(id) || s.reservations().containsKey(id)
                        || s.notificationsByOrder().containsKey(id)) {
                    traces.add(id);
                }
            }
            checks.add(Check.of("failed local transactions left no trace downstream", traces));
        }
        return checks;
    }

    private static List<String> agreement(Snapshot s) {
        List<String> out = new ArrayList<>();
        s.orders().forEach((id, state) -> {
            String reservation = s.reservations().get(id);
            boolean ok = switch (state) {
                case OrderStore.CONFIRMED -> InventoryStore.RESERVED.equals(reservation);
                case OrderStore.CANCELLED -> InventoryStore.REJECTED.equals(reservation);
                default -> true;
            };
            if (!ok) {
                out.add(id + " " + state + "/" + reservation);
            }
        });
        s.reservations().keySet().stream().filter(id -> !s.orders().containsKey(id))
                .forEach(id -> out.add(id + " reserved without an order"));
        return out;
    }

    private static <V> List<String> violations(Map<String, V> map, java.util.function.BiFunction<String, V, String> test) {
        List<String> out = new ArrayList<>();
        map.forEach((k, v) -> {
            String violation = test.apply(k, v);
            if (violation != null) {
                out.add(violation);
            }
        });
        return out;
    }

    private static List<String> violations(Map<String, Stock> stock, java.util.function.Function<Stock, String> test) {
        return violations(stock, (k, v) -> test.apply(v));
    }
}
