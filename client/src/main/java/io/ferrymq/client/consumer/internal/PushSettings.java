package io.ferrymq.client.consumer.internal;

import io.ferrymq.client.consumer.AllocateStrategy;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.MessageModel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A push consumer's settings, validated by its builder and read once.
 *
 * @param maxReconsumeTimes deliveries after the first before a message is dead-lettered; -1 for an
 *     orderly consumer means retry forever
 * @param suspendOnFailure orderly: how long a queue waits before a failed message is tried again
 * @param lockRenewInterval orderly clustering: how often queue locks are renewed (they expire after 3x)
 */
public record PushSettings(String group, MessageModel model, ConsumeFromWhere consumeFromWhere,
                           long consumeTimestampMillis, AllocateStrategy allocation, int consumeThreads,
                           int batchSize, int maxReconsumeTimes, int pullBatchSize, int maxMessagesPerQueue,
                           long maxBytesPerQueue, int maxSpan, Duration pollTimeout, Duration persistInterval,
                           Duration rebalanceInterval, Duration suspendOnFailure, Duration lockRenewInterval,
                           Duration shutdownTimeout, Path offsetFile) {

    /** True in clustering mode (queues split among the group, offsets at the broker). */
    public boolean clustering() {
        return model == MessageModel.CLUSTERING;
    }

    /** How long a queue lock counts as held without renewal: 1.5 renewal intervals (RocketMQ: 30 s of 20 s). */
    public long lockMaxLiveNanos() {
        return lockRenewInterval.toNanos() * 3 / 2;
    }
}
