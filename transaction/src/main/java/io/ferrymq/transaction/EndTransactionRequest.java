package io.ferrymq.transaction;

/**
 * An END_TRANSACTION as the producer sent it.
 *
 * @param commitOrRollback 8 commit, 12 rollback, 0 unknown (RocketMQ's sysFlag transaction values)
 * @param from             the producer connection's address, recorded with the decision (may be null)
 */
public record EndTransactionRequest(String producerGroup, long tranStateTableOffset, long commitLogOffset,
                                    int commitOrRollback, boolean fromTransactionCheck, String msgId, String from) {
    public static final int COMMIT = 8;
    public static final int ROLLBACK = 12;
    public static final int UNKNOWN = 0;

    /** Without the producer's address. */
    public EndTransactionRequest(String producerGroup, long tranStateTableOffset, long commitLogOffset,
                                 int commitOrRollback, boolean fromTransactionCheck, String msgId) {
        this(producerGroup, tranStateTableOffset, commitLogOffset, commitOrRollback, fromTransactionCheck, msgId, null);
    }
}
