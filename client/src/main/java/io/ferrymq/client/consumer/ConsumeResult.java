package io.ferrymq.client.consumer;

/** What a listener says about the message (or batch) it was given. */
public enum ConsumeResult {
    /** Done: the offset moves past it. */
    SUCCESS,
    /**
     * Try again later. A concurrent consumer in clustering mode sends it back to the broker, which
     * redelivers it after a growing delay and dead-letters it after {@code maxReconsumeTimes}; an orderly
     * consumer suspends the queue briefly and retries it locally, keeping the order.
     */
    RECONSUME_LATER
}
