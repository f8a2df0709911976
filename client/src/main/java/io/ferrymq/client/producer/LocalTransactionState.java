package io.ferrymq.client.producer;

/**
 * The outcome of a local transaction, as a {@link TransactionListener} reports it. Each value carries
 * the number END_TRANSACTION sends in {@code commitOrRollback} (the sysFlag transaction values).
 */
public enum LocalTransactionState {
    /** Deliver the message. */
    COMMIT(8),
    /** Drop the message; it is never delivered. */
    ROLLBACK(12),
    /** Not decided yet: the broker keeps the half message and asks {@link TransactionListener#check} later. */
    UNKNOWN(0);

    private final int wireValue;

    LocalTransactionState(int wireValue) {
        this.wireValue = wireValue;
    }

    /** The {@code commitOrRollback} value of END_TRANSACTION. */
    public int wireValue() {
        return wireValue;
    }
}
