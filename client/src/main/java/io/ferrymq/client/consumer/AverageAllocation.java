package io.ferrymq.client.consumer;

import io.ferrymq.client.MessageQueue;
import java.util.ArrayList;
import java.util.List;

/** See {@link AllocateStrategy#average()}. */
final class AverageAllocation implements AllocateStrategy {
    static final AverageAllocation INSTANCE = new AverageAllocation();

    private AverageAllocation() {
    }

    @Override
    public List<MessageQueue> allocate(String group, String clientId, List<MessageQueue> queues,
                                       List<String> clientIds) {
        int index = clientIds.indexOf(clientId);
        if (index < 0 || queues.isEmpty()) {
            return List.of();
        }
        int members = clientIds.size();
        int base = queues.size() / members;
        int extra = queues.size() % members;
        // the first `extra` members take base + 1 queues; with more members than queues, the rest take none
        int count = index < extra ? base + 1 : base;
        int start = index * base + Math.min(index, extra);
        List<MessageQueue> mine = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            mine.add(queues.get(start + i));
        }
        return mine;
    }

    @Override
    public String toString() {
        return "AVG";
    }
}
