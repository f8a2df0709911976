package io.ferrymq.client.admin;

/**
 * A consumer group's progress on one queue.
 *
 * @param brokerOffset the queue's max offset (next offset to be written)
 * @param consumerOffset the group's committed offset (next offset to consume)
 * @param lastTimestamp store time of the last consumed message, 0 when unknown
 */
public record QueueProgress(long brokerOffset, long consumerOffset, long lastTimestamp) {
    /** Messages written but not yet consumed. */
    public long lag() {
        return Math.max(0, brokerOffset - consumerOffset);
    }
}
