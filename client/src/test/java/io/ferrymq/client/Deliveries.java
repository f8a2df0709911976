package io.ferrymq.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.common.message.MessageExt;

/** What an official push consumer received, by body, with the local time of each delivery. */
public final class Deliveries {
    /** One delivery: the message and when the listener saw it (epoch ms). */
    public record Delivery(MessageExt message, long receivedAtMillis) {
    }

    private final Map<String, List<Delivery>> byBody = new ConcurrentHashMap<>();

    public MessageListenerConcurrently listener() {
        return (msgs, ctx) -> {
            long now = System.currentTimeMillis();
            msgs.forEach(m -> byBody.computeIfAbsent(new String(m.getBody(), StandardCharsets.UTF_8),
                    b -> new CopyOnWriteArrayList<>()).add(new Delivery(m, now)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        };
    }

    /** How many times a message with this body was delivered. */
    public int count(String body) {
        List<Delivery> list = byBody.get(body);
        return list == null ? 0 : list.size();
    }

    public boolean received(String body) {
        return count(body) > 0;
    }

    /** The first delivery of this body, or null. */
    public Delivery first(String body) {
        List<Delivery> list = byBody.get(body);
        return list == null || list.isEmpty() ? null : list.get(0);
    }
}
