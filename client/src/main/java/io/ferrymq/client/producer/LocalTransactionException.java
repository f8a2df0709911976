package io.ferrymq.client.producer;

/**
 * The local transaction of a transactional send threw. The half message is stored and nothing was
 * decided: the transaction is {@code UNKNOWN} and the broker will ask {@link TransactionListener#check}.
 * {@link #getCause()} is what the local transaction threw.
 */
public class LocalTransactionException extends RuntimeException {
    private final transient TransactionSendResult result;

    /** The local transaction of {@code result} threw {@code cause}. */
    public LocalTransactionException(TransactionSendResult result, Throwable cause) {
        super("local transaction of message " + result.msgId() + " threw (" + cause
                + "); it stays UNKNOWN until the broker's check-back resolves it", cause);
        this.result = result;
    }

    /** The stored half message and the state it was left in ({@code UNKNOWN}). */
    public TransactionSendResult result() {
        return result;
    }
}
