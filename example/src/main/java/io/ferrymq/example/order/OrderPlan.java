package io.ferrymq.example.order;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The orders a scenario places, derived from its parameters only, so the order-service (which places them) and
 * the scenario runner (which checks the outcome) agree without talking.
 *
 * @param runId         prefix of every order id; services ignore messages of other runs
 * @param count         number of orders
 * @param items         items ordered, round-robin
 * @param failEvery     every n-th order's local transaction fails (0: none)
 * @param crashAt       index of the order after whose local commit the order-service dies (-1: none)
 */
public record OrderPlan(String runId, int count, List<String> items, int failEvery, int crashAt) {

    /** One planned order. */
    public record PlannedOrder(int index, String orderId, String item, int quantity, boolean failLocally) {
    }

    public List<PlannedOrder> orders() {
        List<PlannedOrder> orders = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            orders.add(order(i));
        }
        return orders;
    }

    public PlannedOrder order(int i) {
        String item = items.get(i % items.size());
        int quantity = 1 + i % 3;
        boolean fail = failEvery > 0 && (i + 1) % failEvery == 0;
        return new PlannedOrder(i, orderId(i), item, quantity, fail);
    }

    public String orderId(int i) {
        return String.format("%s-%05d", runId, i);
    }

    /** Ids of the orders whose local transaction is made to fail. */
    public Set<String> failedLocally() {
        Set<String> ids = new LinkedHashSet<>();
        for (PlannedOrder o : orders()) {
            if (o.failLocally()) {
                ids.add(o.orderId());
            }
        }
        return ids;
    }

    /** Command-line form, read back by {@link #fromArgs}. */
    public List<String> toArgs() {
        return List.of("--run", runId, "--orders", Integer.toString(count), "--items", String.join(",", items),
                "--fail-every", Integer.toString(failEvery), "--crash-at", Integer.toString(crashAt));
    }

    public boolean ownsOrder(String orderId) {
        return orderId != null && orderId.startsWith(runId + "-");
    }
}
