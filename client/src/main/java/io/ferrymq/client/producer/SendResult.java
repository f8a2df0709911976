package io.ferrymq.client.producer;

import io.ferrymq.client.MessageQueue;

/**
 * A stored message: {@code msgId} is the client id users see (UNIQ_KEY), {@code offsetMsgId} the
 * broker's address + commit-log offset, {@code queueOffset} its place in the queue.
 */
public record SendResult(SendStatus status, String msgId, String offsetMsgId, MessageQueue queue, long queueOffset,
                         String transactionId) {
}
