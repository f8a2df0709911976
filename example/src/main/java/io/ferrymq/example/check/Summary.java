package io.ferrymq.example.check;

import io.ferrymq.example.inventory.InventoryStore.Stock;
import java.io.PrintStream;
import java.util.List;

/** Prints a scenario's outcome: orders by state, stock per item, notifications, and each invariant's verdict. */
public final class Summary {
    private Summary() {
    }

    public static void print(PrintStream out, String title, Snapshot s, List<Check> checks) {
        out.printf("%n-- %s%n", title);
        out.printf("  %-12s %8s%n", "orders", "count");
        s.ordersByState().forEach((state, n) -> out.printf("  %-12s %8d%n", state, n));
        out.printf("  %-12s %8s %10s %9s%n", "item", "initial", "available", "reserved");
        for (Stock st : s.stock().values()) {
            out.printf("  %-12s %8d %10d %9d%n", st.item(), st.initial(), st.available(), st.reserved());
        }
        out.printf("  notifications sent: %d%n", s.notificationTotal());
        for (Check c : checks) {
            out.printf("  %s  %s%s%n", c.passed() ? "PASS" : "FAIL", c.name(),
                    c.passed() ? "" : " -- " + c.detail());
        }
    }

    public static boolean allPassed(List<Check> checks) {
        return checks.stream().allMatch(Check::passed);
    }
}
