package io.ferrymq.example.events;

/** The topics and consumer groups the example's services talk through. */
public final class Topics {
    /** order-service → inventory-service: an order was placed (transactional, from the order outbox). */
    public static final String ORDER_CREATED = "OrderCreated";
    /** inventory-service → order-service: stock reserved or rejected (transactional, from the inventory outbox). */
    public static final String STOCK_RESULT = "StockResult";
    /** order-service → notification-service: the order is confirmed (transactional, from the order outbox). */
    public static final String ORDER_CONFIRMED = "OrderConfirmed";
    /** Web front-end → analytics: searches and clicks. */
    public static final String USER_EVENTS = "UserEvents";
    /** Every service's log lines, so a crashed server's last words are kept. */
    public static final String SERVICE_LOGS = "ServiceLogs";

    public static final String ORDER_PRODUCER_GROUP = "order-service-tx";
    public static final String INVENTORY_PRODUCER_GROUP = "inventory-service-tx";
    public static final String INVENTORY_GROUP = "inventory-service";
    public static final String ORDER_GROUP = "order-service";
    public static final String NOTIFICATION_GROUP = "notification-service";
    public static final String ANALYTICS_GROUP = "analytics-service";

    private Topics() {
    }
}
