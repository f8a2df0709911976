package io.ferrymq.client.consumer;

import io.ferrymq.common.message.MessageExt;

/**
 * Consumes one message at a time; messages of different queues (and of the same queue) run in
 * parallel on the consumer's threads. A thrown exception counts as {@link ConsumeResult#RECONSUME_LATER}.
 */
@FunctionalInterface
public interface ConcurrentListener {
    /** Consumes one message; runs on one of the consumer's threads, concurrently with other calls. */
    ConsumeResult consume(MessageExt message) throws Exception;
}
