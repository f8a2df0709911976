package io.ferrymq.example.order;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.ConsumeResult;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.outbox.OutboxException;
import io.ferrymq.client.outbox.TransactionalOutbox;
import io.ferrymq.common.message.Message;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.util.ServerProcess;
import io.ferrymq.example.db.Database;
import io.ferrymq.example.events.Json;
import io.ferrymq.example.events.OrderConfirmed;
import io.ferrymq.example.events.OrderCreated;
import io.ferrymq.example.events.StockResult;
import io.ferrymq.example.events.Topics;
import io.ferrymq.example.logship.LogShipping;
import io.ferrymq.example.order.OrderPlan.PlannedOrder;
import io.ferrymq.example.service.ServiceOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The order-service: places the orders of its plan (the order row and the OrderCreated message are one unit,
 * through FerryMQ's transactional outbox), then confirms or cancels each order when the inventory answers,
 * announcing confirmed orders (again through the outbox, with the state change).
 */
public final class OrderService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OrderService.class);
    /** Exit status of the simulated crash between the local commit and END_TRANSACTION. */
    public static final int CRASH_STATUS = 137;

    private final Database db;
    private final OrderPlan plan;
    private final TransactionalOutbox outbox;
    private final PushConsumer stockResults;
    private final ThreadLocal<Integer> placing = new ThreadLocal<>();

    OrderService(String namesrv, Database db, OrderPlan plan) throws Exception {
        new OrderStore(db);
        this.db = db;
        this.plan = plan;
        this.outbox = TransactionalOutbox.builder(db.dataSource()).namesrvAddr(namesrv)
                .producerGroup(Topics.ORDER_PRODUCER_GROUP).topics(Topics.ORDER_CREATED, Topics.ORDER_CONFIRMED)
                .gracePeriod(Duration.ofSeconds(20)).afterDatabaseCommit(this::crashIfPlanned).build();
        this.stockResults = PushConsumer.builder(Topics.ORDER_GROUP).namesrvAddr(namesrv)
                .subscribe(Topics.STOCK_RESULT, "*").consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET)
                .consumeThreads(4).listener(this::onStockResult).build();
    }

    /** The crash scenario: the process dies after the order's local commit, before END_TRANSACTION. */
    private void crashIfPlanned() {
        Integer index = placing.get();
        if (index != null && index == plan.crashAt()) {
            LOG.warn("order {} committed locally; crashing before END_TRANSACTION (simulated kill -9)",
                    plan.orderId(index));
            // Logging finishes first (the log shipper drains for at most a moment), so the broker keeps this
            // crash's last words; a real kill -9 would lose the lines still in the shipper's buffer.
            ((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory()).stop();
            Runtime.getRuntime().halt(CRASH_STATUS);
        }
    }

    /** Places every order of the plan with {@code threads} threads; returns how many went out. */
    int placeOrders(int threads) throws InterruptedException {
        AtomicInteger placed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "order-placer"));
        try {
            for (PlannedOrder order : plan.orders()) {
                pool.execute(() -> {
                    if (place(order)) {
                        placed.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                });
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(10, TimeUnit.MINUTES);
        }
        LOG.info("placed {} orders; {} failed locally and sent nothing", placed.get(), failed.get());
        return placed.get();
    }

    /** Places one order, retrying while no broker takes the half message (e.g. during a broker restart). */
    private boolean place(PlannedOrder order) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                return placeOnce(order);
            } catch (ClientException e) {
                if (System.nanoTime() > deadline) {
                    LOG.error("order {} not placed: {}", order.orderId(), e.getMessage());
                    return false;
                }
                LOG.info("order {}: no broker took it ({}); retrying", order.orderId(), e.getMessage());
                try {
                    Thread.sleep(500); // back-off before the next attempt
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    private boolean placeOnce(PlannedOrder order) {
        Message msg = new Message(Topics.ORDER_CREATED, "created", order.orderId(),
                Json.encode(new OrderCreated(order.orderId(), order.item(), order.quantity())));
        placing.set(order.index());
        try {
            outbox.send(msg, conn -> {
                OrderStore.insertPending(conn, order.orderId(), order.item(), order.quantity());
                if (order.failLocally()) {
                    throw new IllegalStateException("payment declined");
                }
            });
            LOG.debug("order {} placed: {} x{}", order.orderId(), order.item(), order.quantity());
            return true;
        } catch (OutboxException e) {
            LOG.info("order {} failed locally ({}): {}", order.orderId(), e.getCause() == null ? e.getMessage()
                    : e.getCause().getMessage(), e.state());
            return false;
        } finally {
            placing.remove();
        }
    }

    private ConsumeResult onStockResult(MessageExt message) {
        StockResult result = Json.decode(message.getBody(), StockResult.class);
        if (!plan.ownsOrder(result.orderId())) {
            return ConsumeResult.SUCCESS; // an earlier run's answer
        }
        if (!result.reserved()) {
            try (var conn = db.connect()) {
                if (OrderStore.settle(conn, result.orderId(), false, result.reason())) {
                    LOG.info("order {} cancelled: {}", result.orderId(), result.reason());
                }
                return ConsumeResult.SUCCESS;
            } catch (Exception e) {
                LOG.warn("cancelling order {} failed, will retry: {}", result.orderId(), e.toString());
                return ConsumeResult.RECONSUME_LATER;
            }
        }
        Message confirmed = new Message(Topics.ORDER_CONFIRMED, "confirmed", result.orderId(),
                Json.encode(new OrderConfirmed(result.orderId(), result.item(), result.quantity())));
        try {
            outbox.send(confirmed, conn -> {
                if (!OrderStore.settle(conn, result.orderId(), true, null)) {
                    throw new AlreadySettled();
                }
            });
            LOG.info("order {} confirmed", result.orderId());
        } catch (OutboxException e) {
            if (!(e.getCause() instanceof AlreadySettled)) {
                LOG.warn("confirming order {} failed, will retry: {}", result.orderId(), e.toString());
                return ConsumeResult.RECONSUME_LATER;
            }
            LOG.info("order {} was settled before: duplicate answer ignored", result.orderId());
        }
        return ConsumeResult.SUCCESS;
    }

    /** Thrown inside the confirmation's database transaction when the order is no longer pending. */
    private static final class AlreadySettled extends RuntimeException {
        AlreadySettled() {
            super("order already settled", null, false, false);
        }
    }

    @Override
    public void close() {
        stockResults.close();
        outbox.close();
    }

    public static void main(String[] args) throws Exception {
        ServiceOptions o = ServiceOptions.parse("order-service", args,
                ServiceOptions.option("orders", "orders to place (0: only answer and settle)"),
                ServiceOptions.option("items", "items ordered, comma-separated"),
                ServiceOptions.option("fail-every", "every n-th order's local transaction fails"),
                ServiceOptions.option("crash-at", "crash after this order's local commit"),
                ServiceOptions.option("threads", "threads placing orders"));
        OrderPlan plan = new OrderPlan(o.run(), o.intValue("orders", 0), o.list("items", List.of("apple")),
                o.intValue("fail-every", 0), o.intValue("crash-at", -1));
        LogShipping.install("order-service", o.namesrv());
        Database db = Database.open(o.data(), "orders");
        OrderService service = new OrderService(o.namesrv(), db, plan);
        LOG.info("order-service up (run {}, {} orders to place)", plan.runId(), plan.count());
        if (plan.count() > 0) {
            service.placeOrders(o.intValue("threads", 4));
        }
        ServerProcess.awaitShutdown("order-service-shutdown", service::close);
    }
}
