package io.ferrymq.client.internal;

import io.ferrymq.common.message.MessageExt;

/**
 * One CHECK_TRANSACTION_STATE request from a broker: where to answer, the half message's place
 * (quoted back in the END_TRANSACTION answer) and the message itself, real topic and queue restored.
 *
 * @param brokerAddr address of the connection the check came on; the answer goes there
 * @param tranStateTableOffset queue offset of the half message
 * @param commitLogOffset commit-log offset of the half message
 * @param msgId the message's unique id (UNIQ_KEY), or null when the broker left it out
 * @param transactionId the transaction id the broker named, or null
 * @param message the half message as the broker keeps it
 */
public record TransactionCheck(String brokerAddr, long tranStateTableOffset, long commitLogOffset, String msgId,
                               String transactionId, MessageExt message) {
}
