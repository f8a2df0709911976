package io.ferrymq.transaction;

import java.net.InetSocketAddress;

/**
 * A transaction not yet resolved, as the check scan tracks it: pending (checked in turn) or stuck
 * (checks exhausted, kept in {@code RMQ_SYS_TRANS_CHECK_MAX_TIME_TOPIC} for an operator). Mutable;
 * guarded by {@link TransactionTable}'s lock.
 */
public final class PendingTransaction {
    /** Where a transaction stands. */
    public enum State {
        PENDING,
        STUCK
    }

    final long root;
    final String producerGroup;
    final String realTopic;
    final String transactionId;
    final String keys;
    final InetSocketAddress bornHost;
    /** Store time of the first half message (the broker's clock). */
    final long storeTimestamp;
    /** Commit-log offset of the half record the transaction is committed from. */
    long commitLogOffset;
    long dueAtMillis;
    int checks;
    long lastCheckMillis = -1;
    String lastCheckTarget;
    boolean resolving;
    State state = State.PENDING;
    /** Stuck: queue offset and commit-log offset of its latest copy in the check-max topic. */
    long stuckQueueOffset = -1;
    long stuckCommitLogOffset = -1;
    long stuckCopyTimestamp = -1;

    PendingTransaction(long root, long commitLogOffset, String producerGroup, String realTopic, String transactionId,
                       String keys, InetSocketAddress bornHost, long storeTimestamp, long dueAtMillis) {
        this.root = root;
        this.commitLogOffset = commitLogOffset;
        this.producerGroup = producerGroup;
        this.realTopic = realTopic;
        this.transactionId = transactionId;
        this.keys = keys;
        this.bornHost = bornHost;
        this.storeTimestamp = storeTimestamp;
        this.dueAtMillis = dueAtMillis;
    }

    /**
     * A read-only snapshot for admins.
     *
     * @param ageMillis       by the broker's clock, from the first half message's store time
     * @param lastCheckMillis when the last check-back was sent, or -1
     * @param lastCheckTarget the producer address it went to, or null
     */
    public record View(long root, long commitLogOffset, String producerGroup, String topic, String transactionId,
                       String keys, long storeTimestamp, long ageMillis, int checks, long lastCheckMillis,
                       String lastCheckTarget, State state) {
    }

    View view(long nowMillis) {
        return new View(root, commitLogOffset, producerGroup, realTopic, transactionId, keys, storeTimestamp,
                nowMillis - storeTimestamp, checks, lastCheckMillis, lastCheckTarget, state);
    }
}
