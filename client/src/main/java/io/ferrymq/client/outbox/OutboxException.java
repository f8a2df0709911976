package io.ferrymq.client.outbox;

import io.ferrymq.client.producer.LocalTransactionState;
import io.ferrymq.client.producer.TransactionSendResult;

/**
 * An outbox send whose database side failed. {@link #result()} says what became of the message:
 * {@code ROLLBACK} (nothing was committed, the message is never delivered) or {@code UNKNOWN} (the
 * database commit itself failed and may or may not have happened; the broker's check-back reads the
 * outbox table and delivers the message exactly when the row is there). {@link #getCause()} is the
 * original failure.
 */
public class OutboxException extends RuntimeException {
    private final transient TransactionSendResult result;

    /** A failed send: {@code result} says whether the message was rolled back or left to the check-back. */
    public OutboxException(String message, Throwable cause, TransactionSendResult result) {
        super(message, cause);
        this.result = result;
    }

    /** A failure with no message involved (table setup, cleanup). */
    public OutboxException(String message, Throwable cause) {
        this(message, cause, null);
    }

    /** The half message and its outcome, or null when no message was involved (table setup, cleanup). */
    public TransactionSendResult result() {
        return result;
    }

    /** The message's outcome, or null when no message was involved. */
    public LocalTransactionState state() {
        return result == null ? null : result.state();
    }
}
