package io.ferrymq.client.consumer.internal;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.common.topic.SystemTopics;

/**
 * Where a newly owned queue starts: the committed offset, else (a group new to the queue) the
 * {@link ConsumeFromWhere} rule; a retry topic always starts at its beginning, as RocketMQ's does.
 */
public final class StartOffsets {
    private StartOffsets() {
    }

    /** Throws {@link io.ferrymq.client.ClientException} when the broker cannot say; the queue is then retried later. */
    public static long resolve(QueueBounds api, OffsetStore store, MessageQueue queue, ConsumeFromWhere where,
                               long timestampMillis) {
        long committed = store.readStored(queue);
        if (committed >= 0) {
            return committed;
        }
        long start;
        if (SystemTopics.isRetryTopic(queue.topic())) {
            start = 0;
        } else {
            start = switch (where) {
                case FIRST_OFFSET -> 0;
                case LAST_OFFSET -> api.maxOffset(queue);
                case TIMESTAMP -> api.offsetAt(queue, timestampMillis);
            };
        }
        store.update(queue, start, false);
        return start;
    }
}
