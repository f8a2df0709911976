package io.ferrymq.client.consumer;

import io.ferrymq.client.MessageQueue;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** See {@link AllocateStrategy#consistentHash()}: MD5 positions on a ring, each queue owned by the next member. */
final class ConsistentHashAllocation implements AllocateStrategy {
    private final int virtualNodes;

    ConsistentHashAllocation(int virtualNodes) {
        if (virtualNodes < 1) {
            throw new IllegalArgumentException("virtualNodes must be >= 1, got " + virtualNodes);
        }
        this.virtualNodes = virtualNodes;
    }

    @Override
    public List<MessageQueue> allocate(String group, String clientId, List<MessageQueue> queues,
                                       List<String> clientIds) {
        if (!clientIds.contains(clientId)) {
            return List.of();
        }
        TreeMap<Long, String> ring = new TreeMap<>();
        for (String member : clientIds) {
            for (int i = 0; i < virtualNodes; i++) {
                ring.putIfAbsent(hash(member + "#" + i), member);
            }
        }
        List<MessageQueue> mine = new ArrayList<>();
        for (MessageQueue q : queues) {
            Map.Entry<Long, String> owner = ring.ceilingEntry(hash(q.topic() + "@" + q.brokerName() + "@" + q.queueId()));
            if (owner == null) {
                owner = ring.firstEntry();
            }
            if (owner.getValue().equals(clientId)) {
                mine.add(q);
            }
        }
        return mine;
    }

    private static long hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    }

    @Override
    public String toString() {
        return "CONSISTENT_HASH(" + virtualNodes + ")";
    }
}
