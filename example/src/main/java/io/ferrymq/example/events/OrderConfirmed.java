package io.ferrymq.example.events;

/** The order is confirmed: the merchant is to be notified. */
public record OrderConfirmed(String orderId, String item, int quantity) {
}
