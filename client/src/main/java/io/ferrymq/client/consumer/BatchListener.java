package io.ferrymq.client.consumer;

import io.ferrymq.common.message.MessageExt;
import java.util.List;

/**
 * Consumes up to {@code batchSize} messages of one queue at a time, concurrently with other batches.
 * The result applies to the whole batch; a thrown exception counts as {@link ConsumeResult#RECONSUME_LATER}.
 */
@FunctionalInterface
public interface BatchListener {
    /** Consumes a batch of messages of one queue (at most the configured batch size, in queue order). */
    ConsumeResult consume(List<MessageExt> messages) throws Exception;
}
