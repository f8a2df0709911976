package io.ferrymq.transaction;

/**
 * An END_TRANSACTION as the producer sent it.
 *
 * @param commitOrRollback 8 commit, 12 rollback, 0 unknown (RocketMQ's sysFlag transaction values)
 */
public record EndTransactionRequest(String producerGroup, long tranStateTableOffset, long commitLogOffset,
                                    int commitOrRollback, boolean fromTransactionCheck, String msgId) {
    public static final int COMMIT = 8;
    public static final int ROLLBACK = 12;
    public static final int UNKNOWN = 0;
}
