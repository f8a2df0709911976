package io.ferrymq.example.scenario;

import io.ferrymq.example.Poll;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.common.message.Message;
import io.ferrymq.example.check.Check;
import io.ferrymq.example.check.Invariants;
import io.ferrymq.example.check.Snapshot;
import io.ferrymq.example.check.Summary;
import io.ferrymq.example.events.Json;
import io.ferrymq.example.events.OrderCreated;
import io.ferrymq.example.events.Topics;
import io.ferrymq.example.logship.CrashLogCheck;
import io.ferrymq.example.order.OrderPlan;
import io.ferrymq.example.order.OrderService;
import io.ferrymq.example.order.OrderStore;
import io.ferrymq.example.topic.TopicSetup;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scenarios a user can run, each against a fresh set of databases. Every one ends with a summary computed
 * from the three databases and the invariants, PASS or FAIL each.
 */
public final class Scenarios {
    /** A scenario's name, what it shows, and how to run it. */
    public record Scenario(String name, String description, Body body) {
    }

    /** A scenario's steps; returns its checks (the invariants plus the scenario's own). */
    @FunctionalInterface
    public interface Body {
        List<Check> run(Scenarios s, ScenarioRun run) throws Exception;
    }

    private static final List<String> ITEMS = List.of("apple", "pear", "plum");
    private static final List<String> TOPICS = List.of(Topics.ORDER_CREATED, Topics.STOCK_RESULT,
            Topics.ORDER_CONFIRMED, Topics.USER_EVENTS, Topics.SERVICE_LOGS);
    private boolean topicsCreated;

    private final String namesrv;
    private final Path root;
    private final BrokerControl broker;
    private final PrintStream out;
    private final int orders;
    private final Duration settleTimeout;

    public Scenarios(String namesrv, Path root, BrokerControl broker, PrintStream out, int orders,
                     Duration settleTimeout) {
        this.namesrv = namesrv;
        this.root = root;
        this.broker = broker;
        this.out = out;
        this.orders = orders;
        this.settleTimeout = settleTimeout;
    }

    public static List<Scenario> all() {
        return List.of(
                new Scenario("happy", "N orders, all confirmed; stock and notifications consistent",
                        Scenarios::happy),
                new Scenario("rollback", "every 4th order's local transaction fails: no downstream effect",
                        Scenarios::rollback),
                new Scenario("crash", "order-service dies between its local commit and END_TRANSACTION; the "
                        + "broker's check-back, answered by the restarted service from its outbox, completes it",
                        Scenarios::crash),
                new Scenario("duplicate", "every order is delivered to the inventory a second time: nothing changes",
                        Scenarios::duplicate),
                new Scenario("out-of-stock", "more demand than stock: orders cancelled, stock never negative",
                        Scenarios::outOfStock),
                new Scenario("flash-sale", "a burst of orders for one item; the inventory consumes at its own pace",
                        Scenarios::flashSale),
                new Scenario("broker-restart", "the broker restarts in the middle of a run; the run completes",
                        Scenarios::brokerRestart),
                new Scenario("decoupling", "the web front-end sends user events while the analytics database is "
                        + "down; the analytics-service catches up when it is back, recording each event once",
                        Scenarios::decoupling));
    }

    public static Scenario named(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no scenario '" + name + "'; known: "
                        + all().stream().map(Scenario::name).toList()));
    }

    /** Creates every topic of the example before its services subscribe to them. */
    public void createTopics() throws Exception {
        TopicSetup.ensure(namesrv, 4, TOPICS.toArray(String[]::new));
        topicsCreated = true;
    }

    /** Runs a scenario and prints its summary; returns true when every check passed. */
    public boolean run(Scenario scenario) throws Exception {
        if (!topicsCreated) {
            createTopics();
        }
        out.printf("%n== Scenario %s: %s%n", scenario.name(), scenario.description());
        ScenarioRun run = new ScenarioRun(namesrv, root, scenario.name(), out);
        try {
            List<Check> checks = scenario.body().run(this, run);
            run.close();
            Summary.print(out, scenario.name() + " (databases and logs in " + run.dir() + ")", run.snapshot(),
                    checks);
            return Summary.allPassed(checks);
        } finally {
            run.close();
            run.release();
        }
    }

    private void seed(ScenarioRun run, List<String> items, int each) throws Exception {
        for (String item : items) {
            run.inventory().seed(item, each);
        }
    }

    private void startDownstream(ScenarioRun run, int inventoryThreads) throws Exception {
        run.startInventory(inventoryThreads);
        run.startNotification(20);
    }

    private static List<Check> invariants(Snapshot s, OrderPlan plan, Check... own) {
        List<Check> checks = new ArrayList<>(Invariants.check(s, plan == null ? Set.of() : plan.failedLocally()));
        checks.addAll(List.of(own));
        return checks;
    }

    private static Check expect(String name, boolean ok, String detail) {
        return new Check(name, ok, ok ? "" : detail);
    }

    private List<Check> happy(ScenarioRun run) throws Exception {
        seed(run, ITEMS, 1_000);
        startDownstream(run, 2);
        OrderPlan plan = run.plan(orders, ITEMS, 0, -1);
        run.startOrders(plan, 4);
        Snapshot s = run.awaitSettled(plan.count(), settleTimeout);
        int confirmed = s.ordersByState().getOrDefault(OrderStore.CONFIRMED, 0);
        return invariants(s, plan, expect("all " + plan.count() + " orders confirmed", confirmed == plan.count(),
                confirmed + " confirmed"));
    }

    private List<Check> rollback(ScenarioRun run) throws Exception {
        seed(run, ITEMS, 1_000);
        startDownstream(run, 2);
        OrderPlan plan = run.plan(orders, ITEMS, 4, -1);
        run.startOrders(plan, 4);
        int expected = plan.count() - plan.failedLocally().size();
        Snapshot s = run.awaitSettled(expected, settleTimeout);
        return invariants(s, plan, expect(expected + " orders exist, " + plan.failedLocally().size()
                + " failed locally", s.orders().size() == expected, s.orders().size() + " orders exist"));
    }

    private List<Check> crash(ScenarioRun run) throws Exception {
        java.time.Instant started = java.time.Instant.now().minusSeconds(1);
        seed(run, ITEMS, 1_000);
        startDownstream(run, 2);
        int crashAt = Math.min(5, orders - 1);
        OrderPlan plan = run.plan(orders, ITEMS, 0, crashAt);
        ServiceProcess placing = run.startOrders(plan, 1);
        int status = placing.awaitExit(settleTimeout.toMillis());
        out.printf("  order-service exited with status %d after committing order %s locally; restarting it%n",
                status, plan.orderId(crashAt));
        run.startOrders(null, 1);
        Snapshot s = run.awaitSettled(crashAt + 1, settleTimeout);
        String crashed = plan.orderId(crashAt);
        return invariants(s, plan,
                expect("the order-service crashed at the planned point", status == OrderService.CRASH_STATUS,
                        "exit status " + status),
                expect("the crashed order " + crashed + " completed (confirmed, notified once)",
                        OrderStore.CONFIRMED.equals(s.orders().get(crashed))
                                && s.notificationsByOrder().getOrDefault(crashed, 0) == 1,
                        "state " + s.orders().get(crashed)),
                CrashLogCheck.lastWords(namesrv, placing, started, Duration.ofSeconds(20),
                        out));
    }

    private List<Check> duplicate(ScenarioRun run) throws Exception {
        seed(run, ITEMS, 1_000);
        startDownstream(run, 2);
        OrderPlan plan = run.plan(orders, ITEMS, 0, -1);
        run.startOrders(plan, 4);
        Snapshot first = run.awaitSettled(plan.count(), settleTimeout);
        Map<String, String> reservationsBefore = new LinkedHashMap<>(first.reservations());
        out.printf("  delivering all %d OrderCreated events a second time%n", plan.count());
        try (Producer producer = Producer.builder("duplicate-injector").namesrvAddr(namesrv).build()) {
            for (OrderPlan.PlannedOrder o : plan.orders()) {
                producer.send(new Message(Topics.ORDER_CREATED, "created", o.orderId(),
                        Json.encode(new OrderCreated(o.orderId(), o.item(), o.quantity()))));
            }
        }
        // The second round is done when the inventory has answered every duplicate: its reservations count
        // redeliveries. Poll until the inventory's log of redeliveries reaches the count, bounded in time.
        Snapshot second = awaitRedeliveries(run, plan.count());
        return invariants(second, plan,
                expect("stock and reservations unchanged by the duplicates",
                        second.stock().equals(first.stock()) && second.reservations().equals(reservationsBefore),
                        "before " + first.stock() + ", after " + second.stock()));
    }

    private Snapshot awaitRedeliveries(ScenarioRun run, int count) throws Exception {
        Poll.until(settleTimeout, Duration.ofMillis(200), () -> run.inventory().redeliveries() >= count,
                () -> "inventory saw " + redeliveries(run) + " of " + count + " duplicates");
        out.printf("  the inventory saw all %d duplicates%n", count);
        return run.snapshot();
    }

    private static String redeliveries(ScenarioRun run) {
        try {
            return Integer.toString(run.inventory().redeliveries());
        } catch (java.sql.SQLException e) {
            return "? (" + e.getMessage() + ")";
        }
    }

    private List<Check> outOfStock(ScenarioRun run) throws Exception {
        List<String> items = List.of("apple");
        seed(run, items, 5);
        startDownstream(run, 2);
        OrderPlan plan = run.plan(Math.max(10, orders / 4), items, 0, -1);
        run.startOrders(plan, 4);
        Snapshot s = run.awaitSettled(plan.count(), settleTimeout);
        int cancelled = s.ordersByState().getOrDefault(OrderStore.CANCELLED, 0);
        return invariants(s, plan, expect("some orders cancelled for lack of stock", cancelled > 0,
                "none cancelled"));
    }

    private List<Check> flashSale(ScenarioRun run) throws Exception {
        List<String> items = List.of("phone");
        int burst = orders * 25;
        seed(run, items, burst / 4);
        startDownstream(run, 2);
        OrderPlan plan = run.plan(burst, items, 0, -1);
        out.printf("  %d orders in a burst for %d phones; the inventory reserves with 2 threads%n", burst,
                burst / 4);
        run.startOrders(plan, 16);
        Snapshot s = run.awaitSettled(plan.count(), settleTimeout.multipliedBy(3));
        return invariants(s, plan);
    }

    private List<Check> brokerRestart(ScenarioRun run) throws Exception {
        seed(run, ITEMS, 1_000);
        startDownstream(run, 2);
        OrderPlan plan = run.plan(orders * 2, ITEMS, 0, -1);
        run.startOrders(plan, 2);
        long deadline = System.nanoTime() + settleTimeout.toNanos();
        while (run.snapshot().orders().size() < plan.count() / 3 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        out.printf("  restarting the broker with %d orders placed%n", run.snapshot().orders().size());
        broker.restart();
        Snapshot s = run.awaitSettled(plan.count(), settleTimeout.multipliedBy(2));
        int confirmed = s.ordersByState().getOrDefault(OrderStore.CONFIRMED, 0);
        return invariants(s, plan, expect("all " + plan.count() + " orders confirmed", confirmed == plan.count(),
                confirmed + " confirmed"));
    }

    private List<Check> decoupling(ScenarioRun run) throws Exception {
        return new io.ferrymq.example.analytics.Decoupling(namesrv, run.dir(), run.runId(), out, orders * 5,
                settleTimeout).run();
    }
}
