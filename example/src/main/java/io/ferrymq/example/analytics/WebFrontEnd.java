package io.ferrymq.example.analytics;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.client.producer.SendStatus;
import io.ferrymq.common.message.Message;
import io.ferrymq.example.events.Json;
import io.ferrymq.example.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The web front-end's side of analytics: each search and click becomes a message to {@code UserEvents}
 * (JSON, keyed by user id). A send waits for the broker only, never for the analytics-service.
 */
public final class WebFrontEnd {
    private WebFrontEnd() {
    }

    /**
     * What the front-end's sends came to.
     *
     * @param msgIds       the message id of every event sent, in order
     * @param stored       events the broker stored ({@link SendStatus#SEND_OK})
     * @param elapsed      the time the sends took, all included
     * @param lastOffsets  per queue, the offset of the last event sent to it
     */
    public record Report(List<String> msgIds, int stored, Duration elapsed, Map<MessageQueue, Long> lastOffsets) {
    }

    public static Report send(String namesrv, EventPlan plan) {
        List<String> ids = new ArrayList<>(plan.count());
        Map<MessageQueue, Long> lastOffsets = new HashMap<>();
        int stored = 0;
        try (Producer producer = Producer.builder("web-frontend").namesrvAddr(namesrv).build()) {
            long start = System.nanoTime();
            for (UserEvent e : plan.events()) {
                SendResult r = producer.send(new Message(Topics.USER_EVENTS, e.kind(), e.userId(), Json.encode(e)));
                ids.add(r.msgId());
                lastOffsets.merge(r.queue(), r.queueOffset(), Math::max);
                if (r.status() == SendStatus.SEND_OK) {
                    stored++;
                }
            }
            return new Report(ids, stored, Duration.ofNanos(System.nanoTime() - start), lastOffsets);
        }
    }
}
