package io.ferrymq.client.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.client.MessageQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.rocketmq.client.consumer.rebalance.AllocateMessageQueueAveragely;
import org.junit.jupiter.api.Test;

/** Allocation: the average split equals the official client's; consistent hashing covers and moves little. */
class AllocateStrategyTest {
    private static List<MessageQueue> queues(int brokers, int perBroker) {
        List<MessageQueue> list = new ArrayList<>();
        for (int b = 0; b < brokers; b++) {
            for (int q = 0; q < perBroker; q++) {
                list.add(new MessageQueue("T", "broker-" + (char) ('a' + b), q));
            }
        }
        list.sort(null);
        return list;
    }

    private static List<String> members(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("10.0.0." + (i * 7 % 11) + "@" + (1000 + i));
        }
        ids.sort(null);
        return ids;
    }

    @Test
    void averageEqualsTheOfficialAllocationForEveryShape() {
        AllocateMessageQueueAveragely official = new AllocateMessageQueueAveragely();
        for (int brokers = 1; brokers <= 3; brokers++) {
            for (int perBroker = 1; perBroker <= 9; perBroker++) {
                List<MessageQueue> queues = queues(brokers, perBroker);
                List<org.apache.rocketmq.common.message.MessageQueue> theirQueues = queues.stream()
                        .map(q -> new org.apache.rocketmq.common.message.MessageQueue(q.topic(), q.brokerName(),
                                q.queueId()))
                        .toList();
                for (int n = 1; n <= 12; n++) {
                    List<String> ids = members(n);
                    for (String me : ids) {
                        List<String> ours = AllocateStrategy.average().allocate("g", me, queues, ids).stream()
                                .map(q -> q.brokerName() + "/" + q.queueId()).toList();
                        List<String> theirs = official.allocate("g", me, new ArrayList<>(theirQueues),
                                new ArrayList<>(ids)).stream().map(q -> q.getBrokerName() + "/" + q.getQueueId())
                                .toList();
                        assertEquals(theirs, ours, queues.size() + " queues, " + n + " members, member " + me);
                    }
                }
            }
        }
    }

    @Test
    void aMemberNotListedGetsNothing() {
        assertTrue(AllocateStrategy.average().allocate("g", "x@1", queues(1, 4), members(2)).isEmpty());
        assertTrue(AllocateStrategy.consistentHash().allocate("g", "x@1", queues(1, 4), members(2)).isEmpty());
    }

    @Test
    void consistentHashCoversEveryQueueOnceAndMovesFewQueuesWhenAMemberJoins() {
        List<MessageQueue> queues = queues(2, 32);
        AllocateStrategy hash = AllocateStrategy.consistentHash();
        Map<MessageQueue, String> before = owners(hash, queues, members(4));
        Map<MessageQueue, String> after = owners(hash, queues, members(5));
        assertEquals(queues.size(), before.size());
        assertEquals(queues.size(), after.size());
        String newcomer = new HashSet<>(members(5)).stream().filter(m -> !members(4).contains(m)).findFirst()
                .orElseThrow();
        for (MessageQueue q : queues) {
            // a queue either stays or moves to the newcomer, never between old members
            assertTrue(before.get(q).equals(after.get(q)) || after.get(q).equals(newcomer), q.toString());
        }
    }

    private static Map<MessageQueue, String> owners(AllocateStrategy s, List<MessageQueue> queues, List<String> ids) {
        Map<MessageQueue, String> owners = new HashMap<>();
        for (String id : ids) {
            for (MessageQueue q : s.allocate("g", id, queues, ids)) {
                String previous = owners.put(q, id);
                assertEquals(null, previous, q + " owned twice");
            }
        }
        Set<MessageQueue> all = new HashSet<>(queues);
        assertEquals(all, owners.keySet());
        return owners;
    }
}
