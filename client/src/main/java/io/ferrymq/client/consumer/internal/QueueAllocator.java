package io.ferrymq.client.consumer.internal;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.consumer.AllocateStrategy;
import io.ferrymq.client.internal.TopicRoute;
import java.util.ArrayList;
import java.util.List;

/**
 * This member's share of a topic's queues: in clustering, the group's members as a broker lists them
 * (GET_CONSUMER_LIST_BY_GROUP), both lists sorted, then the strategy; in broadcasting, every queue.
 */
public final class QueueAllocator {
    private final ConsumerBrokerApi api;
    private final String group;
    private final AllocateStrategy strategy;
    private final Runnable heartbeat;

    /** @param heartbeat run when the broker does not list this member yet */
    public QueueAllocator(ConsumerBrokerApi api, String group, AllocateStrategy strategy, Runnable heartbeat) {
        this.api = api;
        this.group = group;
        this.strategy = strategy;
        this.heartbeat = heartbeat;
    }

    /**
     * The queues of {@code topic} this member owns, or null when that cannot be known yet (no broker in
     * the route, this member not listed yet). Throws {@link io.ferrymq.client.ClientException} when a
     * broker or name server fails.
     */
    public List<MessageQueue> mine(String topic, boolean clustering) {
        TopicRoute route = api.client().consumerRoute(topic);
        if (!clustering) {
            return route.readQueues();
        }
        if (route.masterAddrs().isEmpty()) {
            api.client().refreshConsumerRoute(topic);
            return null;
        }
        List<String> members = new ArrayList<>(api.consumerIds(route.masterAddrs().values().iterator().next()));
        String me = api.client().config().clientId();
        if (!members.contains(me)) {
            heartbeat.run();
            return null;
        }
        members.sort(null);
        List<MessageQueue> queues = new ArrayList<>(route.readQueues());
        queues.sort(null);
        return strategy.allocate(group, me, queues, members);
    }
}
