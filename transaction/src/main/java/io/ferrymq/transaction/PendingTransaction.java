package io.ferrymq.transaction;

import java.net.InetSocketAddress;

/**
 * A half message not yet resolved, as the check scan tracks it. Mutable; guarded by
 * {@link TransactionTable}'s lock.
 */
public final class PendingTransaction {
    final long root;
    final long commitLogOffset;
    final String producerGroup;
    final String realTopic;
    final String transactionId;
    final InetSocketAddress bornHost;
    final long storeTimestamp;
    long dueAtMillis;
    int checks;
    boolean resolving;

    PendingTransaction(long root, long commitLogOffset, String producerGroup, String realTopic, String transactionId,
                       InetSocketAddress bornHost, long storeTimestamp, long dueAtMillis) {
        this.root = root;
        this.commitLogOffset = commitLogOffset;
        this.producerGroup = producerGroup;
        this.realTopic = realTopic;
        this.transactionId = transactionId;
        this.bornHost = bornHost;
        this.storeTimestamp = storeTimestamp;
        this.dueAtMillis = dueAtMillis;
    }

    /** A read-only snapshot for admins. */
    public record View(long halfQueueOffset, long commitLogOffset, String producerGroup, String topic,
                       String transactionId, long storeTimestamp, long ageMillis, int checks) {
    }

    View view(long nowMillis) {
        return new View(root, commitLogOffset, producerGroup, realTopic, transactionId, storeTimestamp,
                nowMillis - storeTimestamp, checks);
    }
}
