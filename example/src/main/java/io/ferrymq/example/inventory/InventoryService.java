package io.ferrymq.example.inventory;

import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.ConsumeResult;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.common.message.Message;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.util.ServerProcess;
import io.ferrymq.example.db.Database;
import io.ferrymq.example.events.Json;
import io.ferrymq.example.events.OrderCreated;
import io.ferrymq.example.events.StockResult;
import io.ferrymq.example.events.Topics;
import io.ferrymq.example.logship.LogShipping;
import io.ferrymq.example.service.ServiceOptions;
import java.sql.Connection;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory-service: reserves stock for each new order in its own database transaction, idempotently (an
 * order seen before changes nothing: its earlier answer is sent again), and answers with a StockResult. It
 * consumes with a bounded number of threads, so a burst of orders queues up in the broker instead of
 * overwhelming the database.
 */
public final class InventoryService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InventoryService.class);

    private final Database db;
    private final ServiceOptions options;
    private final Producer answers;
    private final PushConsumer orders;

    InventoryService(ServiceOptions options, Database db, int threads) throws Exception {
        new InventoryStore(db);
        this.db = db;
        this.options = options;
        this.answers = Producer.builder(Topics.INVENTORY_PRODUCER_GROUP).namesrvAddr(options.namesrv()).build();
        this.orders = PushConsumer.builder(Topics.INVENTORY_GROUP).namesrvAddr(options.namesrv())
                .subscribe(Topics.ORDER_CREATED, "*").consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET)
                .consumeThreads(threads).listener(this::onOrderCreated).build();
    }

    private ConsumeResult onOrderCreated(MessageExt message) throws Exception {
        OrderCreated order = Json.decode(message.getBody(), OrderCreated.class);
        if (!options.ownsKey(order.orderId())) {
            return ConsumeResult.SUCCESS; // an earlier run's order
        }
        StockResult answer;
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try {
                Optional<StockResult> fresh = InventoryStore.reserve(c, order);
                if (fresh.isPresent()) {
                    answer = fresh.get();
                    LOG.info("order {}: {} x{} {}", order.orderId(), order.item(), order.quantity(),
                            answer.reserved() ? "reserved" : "rejected (out of stock)");
                } else {
                    answer = InventoryStore.earlierAnswer(c, order).orElseThrow();
                    LOG.info("order {} seen before (redelivery): stock unchanged, earlier answer sent again",
                            order.orderId());
                }
                c.commit();
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }
        // After the commit: if the answer is lost, the order is redelivered and the stored answer re-sent.
        answers.send(new Message(Topics.STOCK_RESULT, answer.reserved() ? "reserved" : "rejected",
                order.orderId(), Json.encode(answer)));
        return ConsumeResult.SUCCESS;
    }

    @Override
    public void close() {
        orders.close();
        answers.close();
    }

    public static void main(String[] args) throws Exception {
        ServiceOptions o = ServiceOptions.parse("inventory-service", args,
                ServiceOptions.option("threads", "orders reserved in parallel (default 2)"));
        LogShipping.install("inventory-service", o.namesrv());
        InventoryService service = new InventoryService(o, Database.open(o.data(), "inventory"),
                o.intValue("threads", 2));
        LOG.info("inventory-service up (run {})", o.run());
        ServerProcess.awaitShutdown("inventory-service-shutdown", service::close);
    }
}
