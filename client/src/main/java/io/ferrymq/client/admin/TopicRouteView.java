package io.ferrymq.client.admin;

import java.util.List;

/** Where a topic lives: its queues per broker group and those groups' addresses. */
public record TopicRouteView(String topic, List<QueueInfo> queues, List<BrokerInfo> brokers) {
    /** Keeps immutable copies of the lists. */
    public TopicRouteView {
        queues = List.copyOf(queues);
        brokers = List.copyOf(brokers);
    }
}
