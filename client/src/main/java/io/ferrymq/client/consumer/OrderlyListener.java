package io.ferrymq.client.consumer;

import io.ferrymq.common.message.MessageExt;

/**
 * Consumes the messages of each queue one by one, in queue order, one thread per queue at a time.
 * {@link ConsumeResult#RECONSUME_LATER} (or an exception) suspends that queue for a moment and gives the
 * same message again; the messages behind it wait.
 */
@FunctionalInterface
public interface OrderlyListener {
    /** Consumes the next message of its queue; the queue's later messages wait until this one succeeded. */
    ConsumeResult consume(MessageExt message) throws Exception;
}
