package io.ferrymq.example.events;

/** An order was placed: the inventory is asked to reserve {@code quantity} of {@code item}. */
public record OrderCreated(String orderId, String item, int quantity) {
}
