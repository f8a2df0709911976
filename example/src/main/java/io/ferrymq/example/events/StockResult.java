package io.ferrymq.example.events;

/** The inventory's answer to an order: reserved, or rejected with a reason. */
public record StockResult(String orderId, String item, int quantity, boolean reserved, String reason) {
}
