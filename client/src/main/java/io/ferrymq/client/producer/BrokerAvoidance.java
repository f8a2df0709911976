package io.ferrymq.client.producer;

import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Brokers that just failed a send are skipped for a while, so retries go elsewhere. */
final class BrokerAvoidance {
    private final Map<String, Long> avoidUntil = new ConcurrentHashMap<>();
    private final InstantSource clock;
    private final long avoidMillis;

    BrokerAvoidance(InstantSource clock, long avoidMillis) {
        this.clock = clock;
        this.avoidMillis = avoidMillis;
    }

    void failed(String brokerName) {
        avoidUntil.put(brokerName, clock.millis() + avoidMillis);
    }

    void succeeded(String brokerName) {
        avoidUntil.remove(brokerName);
    }

    boolean avoided(String brokerName) {
        Long until = avoidUntil.get(brokerName);
        return until != null && until > clock.millis();
    }
}
