package io.ferrymq.client.producer;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.common.message.Message;
import java.util.List;

/** Chooses the queue of a message among the topic's writable queues. */
@FunctionalInterface
public interface QueueSelector {
    /** One of {@code queues} (the topic's writable queues, never empty) for {@code msg}. */
    MessageQueue select(List<MessageQueue> queues, Message msg);

    /** The same key always goes to the same queue (while the queue count stays), for per-key order. */
    static QueueSelector byKey(java.util.function.Function<Message, String> key) {
        return (queues, msg) -> queues.get(Math.floorMod(String.valueOf(key.apply(msg)).hashCode(), queues.size()));
    }
}
