package io.ferrymq.remoting.protocol.body;

import java.util.List;

/**
 * Answer to LIST_TRANSACTIONS: one broker's pending and stuck transactions.
 *
 * @param brokerName   the broker that answered
 * @param nowMillis    the broker's clock when it answered (ages are by this clock)
 * @param total        matching transactions, of which at most the requested limit are listed
 * @param transactions pending ones first, then stuck ones, each in root order
 */
public record TransactionListBody(String brokerName, long nowMillis, int total, List<Row> transactions) {

    /**
     * One transaction.
     *
     * @param root            half-queue offset of its half message: names it on this broker
     * @param transactionId   the message's unique id (UNIQ_KEY, the producer's msgId)
     * @param ageMillis       since its half message was stored, by the broker's clock
     * @param lastCheckMillis when the last check-back was sent, or -1
     * @param lastCheckTarget the producer it went to, or null
     * @param state           PENDING or STUCK
     */
    public record Row(long root, long commitLogOffset, String transactionId, String keys, String topic,
                      String producerGroup, long storeTimestamp, long ageMillis, int checks, long lastCheckMillis,
                      String lastCheckTarget, String state) {
    }
}
