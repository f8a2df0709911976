package io.ferrymq.client.consumer;

/**
 * Where a group with no committed offset for a queue starts. A group that already committed an offset
 * always resumes from it.
 */
public enum ConsumeFromWhere {
    /** Only messages that arrive from now on (RocketMQ's default). */
    LAST_OFFSET("CONSUME_FROM_LAST_OFFSET"),
    /** Everything still stored. */
    FIRST_OFFSET("CONSUME_FROM_FIRST_OFFSET"),
    /** Messages stored since a point in time (see the consumer builder's {@code consumeFromTimestamp}). */
    TIMESTAMP("CONSUME_FROM_TIMESTAMP");

    private final String wireName;

    ConsumeFromWhere(String wireName) {
        this.wireName = wireName;
    }

    /** The name heartbeats carry. */
    public String wireName() {
        return wireName;
    }
}
