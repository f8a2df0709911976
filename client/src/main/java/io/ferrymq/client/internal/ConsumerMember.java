package io.ferrymq.client.internal;

import java.util.Map;

/**
 * A consumer registered with a {@link ClientInstance}: what its heartbeats carry, and what it does when
 * a broker says the members of its group changed. One per consumer group and client instance.
 */
public interface ConsumerMember {
    /** The consumer group. */
    String group();

    /**
     * One {@code consumerDataSet} entry of the HEART_BEAT body: {@code groupName}, {@code consumeType},
     * {@code messageModel}, {@code consumeFromWhere}, {@code unitMode}, {@code subscriptionDataSet}.
     */
    Map<String, Object> heartbeatData();

    /** NOTIFY_CONSUMER_IDS_CHANGED arrived for this group: rebalance soon. Must not block. */
    void onConsumerIdsChanged();

    /** Properties for GET_CONSUMER_RUNNING_INFO (admin tooling); keys and values as the official client names them. */
    default Map<String, String> runningProperties() {
        return Map.of();
    }
}
