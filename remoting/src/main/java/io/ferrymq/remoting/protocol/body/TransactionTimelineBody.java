package io.ferrymq.remoting.protocol.body;

import java.util.List;

/** Answer to TRANSACTION_TIMELINE: the histories found on one broker. */
public record TransactionTimelineBody(String brokerName, List<Timeline> timelines) {

    /**
     * One transaction's history.
     *
     * @param state PENDING, STUCK, COMMITTED, ROLLED_BACK or UNKNOWN
     */
    public record Timeline(String transactionId, String topic, String producerGroup, String keys, String state,
                           List<Event> events, List<Delivery> delivered) {
    }

    /**
     * One step, by the broker's store clock.
     *
     * @param kind HALF_STORED, CHECK_SENT, CHECK_ANSWERED_UNKNOWN, STUCK, CHECK_AGAIN, COMMITTED, ROLLED_BACK
     * @param by   PRODUCER, ADMIN or BROKER
     */
    public record Event(long timeMillis, String kind, long root, String by, String who, String reason,
                        String detail) {
    }

    /** Where the committed message landed. */
    public record Delivery(String topic, int queueId, long queueOffset, String offsetMsgId, long storeTimestamp) {
    }
}
