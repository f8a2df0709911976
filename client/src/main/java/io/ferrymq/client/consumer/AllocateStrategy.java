package io.ferrymq.client.consumer;

import io.ferrymq.client.MessageQueue;
import java.util.List;

/**
 * Splits a topic's queues among the members of a clustering group. Every member runs the strategy on
 * the same sorted inputs and keeps its own share, so the strategy must be a pure function of them.
 */
@FunctionalInterface
public interface AllocateStrategy {
    /**
     * The queues {@code clientId} owns.
     *
     * @param queues every readable queue of the topic, sorted
     * @param clientIds every member of the group, sorted; contains {@code clientId}
     */
    List<MessageQueue> allocate(String group, String clientId, List<MessageQueue> queues, List<String> clientIds);

    /**
     * Contiguous runs of queues, the first {@code queues % members} members taking one more: the same
     * split as RocketMQ's default (AllocateMessageQueueAveragely), so a group may mix both clients.
     */
    static AllocateStrategy average() {
        return AverageAllocation.INSTANCE;
    }

    /**
     * Queues placed on a hash ring of the members (10 virtual nodes each): when a member joins or
     * leaves, only the queues next to it move.
     */
    static AllocateStrategy consistentHash() {
        return new ConsistentHashAllocation(10);
    }

    /** {@link #consistentHash()} with {@code virtualNodes} ring positions per member. */
    static AllocateStrategy consistentHash(int virtualNodes) {
        return new ConsistentHashAllocation(virtualNodes);
    }
}
