package io.ferrymq.client.admin;

import java.util.Map;

/**
 * One broker group: its cluster, name and addresses by broker id (0 = master).
 */
public record BrokerInfo(String cluster, String brokerName, Map<Long, String> addrs) {
    /** Keeps an immutable copy of {@code addrs}. */
    public BrokerInfo {
        addrs = Map.copyOf(addrs);
    }

    /** The master's address, or null when the group has no master now. */
    public String masterAddr() {
        return addrs.get(0L);
    }
}
