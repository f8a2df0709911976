package io.ferrymq.client.consumer.internal;

import io.ferrymq.client.MessageQueue;

/** Positions a broker can tell about a queue, for choosing where a new group starts. */
public interface QueueBounds {
    /** The next offset the queue will write. */
    long maxOffset(MessageQueue queue);

    /** The offset of the first message stored at about {@code epochMillis}. */
    long offsetAt(MessageQueue queue, long epochMillis);
}
