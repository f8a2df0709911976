package io.ferrymq.client.producer;

/**
 * The result of a transactional send: how the half message was stored and how the local transaction
 * ended ({@code UNKNOWN}: the broker will resolve it through a check-back).
 */
public record TransactionSendResult(SendResult sendResult, LocalTransactionState state) {
    /** The message's unique id, which is also its transaction id. */
    public String msgId() {
        return sendResult.msgId();
    }
}
