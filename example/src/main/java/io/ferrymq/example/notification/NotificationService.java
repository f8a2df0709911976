package io.ferrymq.example.notification;

import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.consumer.idempotent.IdempotentListener;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.util.ServerProcess;
import io.ferrymq.example.db.Database;
import io.ferrymq.example.events.Json;
import io.ferrymq.example.events.OrderConfirmed;
import io.ferrymq.example.events.Topics;
import io.ferrymq.example.logship.LogShipping;
import io.ferrymq.example.service.ServiceOptions;
import java.sql.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification-service: tells the merchant about each confirmed order (a row in its notifications table and
 * a log line). Deliberately slow, like a real e-mail or SMS gateway: the orders don't wait for it, the messages
 * queue in the broker. FerryMQ's idempotent listener records each order id in the same database transaction as
 * the notification, so a redelivered confirmation notifies nobody twice.
 */
public final class NotificationService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationService.class);

    private final ServiceOptions options;
    private final int slownessMillis;
    private final PushConsumer confirmations;

    NotificationService(ServiceOptions options, Database db, int slownessMillis) throws Exception {
        new NotificationStore(db);
        this.options = options;
        this.slownessMillis = slownessMillis;
        IdempotentListener listener = IdempotentListener.builder(db.dataSource(), this::notifyMerchant)
                .key(MessageExt::getKeys).scope(Topics.NOTIFICATION_GROUP).build();
        this.confirmations = PushConsumer.builder(Topics.NOTIFICATION_GROUP).namesrvAddr(options.namesrv())
                .subscribe(Topics.ORDER_CONFIRMED, "*").consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET)
                .consumeThreads(2).listener(listener).build();
    }

    private void notifyMerchant(MessageExt message, Connection connection) throws Exception {
        OrderConfirmed order = Json.decode(message.getBody(), OrderConfirmed.class);
        if (!options.ownsKey(order.orderId())) {
            return; // an earlier run's order
        }
        Thread.sleep(slownessMillis); // the slow gateway this service stands for
        String text = "order " + order.orderId() + " confirmed: ship " + order.quantity() + " x " + order.item();
        NotificationStore.record(connection, order, text);
        LOG.info("merchant notified: {}", text);
    }

    @Override
    public void close() {
        confirmations.close();
    }

    public static void main(String[] args) throws Exception {
        ServiceOptions o = ServiceOptions.parse("notification-service", args,
                ServiceOptions.option("slowness-ms", "time each notification takes (default 20)"));
        LogShipping.install("notification-service", o.namesrv());
        NotificationService service = new NotificationService(o, Database.open(o.data(), "notifications"),
                o.intValue("slowness-ms", 20));
        LOG.info("notification-service up (run {})", o.run());
        ServerProcess.awaitShutdown("notification-service-shutdown", service::close);
    }
}
