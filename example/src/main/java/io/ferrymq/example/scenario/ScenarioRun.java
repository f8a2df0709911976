package io.ferrymq.example.scenario;

import io.ferrymq.example.check.Snapshot;
import io.ferrymq.example.db.Database;
import io.ferrymq.example.inventory.InventoryService;
import io.ferrymq.example.inventory.InventoryStore;
import io.ferrymq.example.notification.NotificationService;
import io.ferrymq.example.notification.NotificationStore;
import io.ferrymq.example.order.OrderPlan;
import io.ferrymq.example.order.OrderService;
import io.ferrymq.example.order.OrderStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * One scenario's world: a fresh folder with the three services' databases, the services as child processes,
 * and the means to watch them settle. Closing it stops every service it started.
 */
public final class ScenarioRun implements AutoCloseable {
    private final String namesrv;
    private final Path dir;
    private final String runId;
    private final PrintStream out;
    private final OrderStore orders;
    private final InventoryStore inventory;
    private final NotificationStore notifications;
    private final List<ServiceProcess> services = new ArrayList<>();
    private final List<java.sql.Connection> held = new ArrayList<>();

    public ScenarioRun(String namesrv, Path root, String scenario, PrintStream out) throws Exception {
        this.namesrv = namesrv;
        this.runId = scenario + "-" + Long.toString(System.currentTimeMillis(), 36);
        this.dir = Files.createDirectories(root.resolve(runId));
        this.out = out;
        this.orders = new OrderStore(hold(Database.open(dir, "orders")));
        this.inventory = new InventoryStore(hold(Database.open(dir, "inventory")));
        this.notifications = new NotificationStore(hold(Database.open(dir, "notifications")));
    }

    /**
     * Keeps a connection open for the whole scenario: this process then owns each database file and serves
     * it to the services (H2's auto server), instead of the processes racing to open and close the file.
     */
    private Database hold(Database db) throws SQLException {
        held.add(db.connect());
        return db;
    }

    public String runId() {
        return runId;
    }

    public Path dir() {
        return dir;
    }

    public InventoryStore inventory() {
        return inventory;
    }

    public OrderPlan plan(int count, List<String> items, int failEvery, int crashAt) {
        return new OrderPlan(runId, count, items, failEvery, crashAt);
    }

    private List<String> common() {
        return List.of("--namesrv", namesrv, "--data", dir.toString(), "--run", runId);
    }

    public ServiceProcess startInventory(int threads) throws Exception {
        List<String> args = new ArrayList<>(common());
        args.addAll(List.of("--threads", Integer.toString(threads)));
        return track(ServiceProcess.start("inventory-service", InventoryService.class, dir, args));
    }

    public ServiceProcess startNotification(int millisPerNotification) throws Exception {
        List<String> args = new ArrayList<>(common());
        args.addAll(List.of("--slowness-ms", Integer.toString(millisPerNotification)));
        return track(ServiceProcess.start("notification-service", NotificationService.class, dir, args));
    }

    /** Starts an order-service placing {@code plan}'s orders (none when {@code plan} is null: settling only). */
    public ServiceProcess startOrders(OrderPlan plan, int threads) throws Exception {
        List<String> args = new ArrayList<>(List.of("--namesrv", namesrv, "--data", dir.toString()));
        if (plan != null) {
            args.addAll(plan.toArgs());
        } else {
            args.addAll(List.of("--run", runId, "--orders", "0"));
        }
        args.addAll(List.of("--threads", Integer.toString(threads)));
        return track(ServiceProcess.start("order-service", OrderService.class, dir, args));
    }

    private ServiceProcess track(ServiceProcess p) {
        services.add(p);
        return p;
    }

    public Snapshot snapshot() throws SQLException {
        return Snapshot.read(orders, inventory, notifications);
    }

    /**
     * Waits until {@code expectedOrders} orders exist, none is pending, and every confirmed order was notified,
     * printing a progress line every second.
     */
    public Snapshot awaitSettled(int expectedOrders, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextLine = 0;
        while (true) {
            Snapshot s = snapshot();
            boolean done = s.orders().size() >= expectedOrders && s.settled();
            long now = System.nanoTime();
            if (done || now >= nextLine) {
                out.printf("  ... orders %d/%d: pending %d, confirmed %d, cancelled %d; notified %d%n",
                        s.orders().size(), expectedOrders, s.pending(),
                        s.ordersByState().getOrDefault(OrderStore.CONFIRMED, 0),
                        s.ordersByState().getOrDefault(OrderStore.CANCELLED, 0), s.notificationTotal());
                nextLine = now + Duration.ofSeconds(1).toNanos();
            }
            if (done) {
                return s;
            }
            for (ServiceProcess p : services) {
                if (!p.isAlive() && p.name().equals("inventory-service")) {
                    throw new IllegalStateException("inventory-service died (log " + p.log() + ")");
                }
            }
            if (now >= deadline) {
                throw new TimeoutException("not settled within " + timeout.toSeconds() + " s (logs in " + dir + ")");
            }
            Thread.sleep(200); // polling the databases: the outcome lives there, not in this process
        }
    }

    /** Stops every service; the databases stay readable until {@link #release()}. */
    @Override
    public void close() throws InterruptedException {
        for (ServiceProcess p : services) {
            p.close();
        }
    }

    /** Closes the held connections (after the summary was read). */
    public void release() {
        for (java.sql.Connection c : held) {
            try {
                c.close();
            } catch (SQLException e) {
                // closing a connection of a database this process is done with: nothing to do about it
            }
        }
        held.clear();
    }
}
