package io.ferrymq.remoting.protocol.admin;

import java.util.HashMap;
import java.util.Map;

/** Body of GET_CONSUME_STATS (208): a group's progress per queue and its recent consume rate. */
public class ConsumeStats {
    private Map<MessageQueueKey, OffsetWrapper> offsetTable = new HashMap<>();
    private double consumeTps;

    public Map<MessageQueueKey, OffsetWrapper> getOffsetTable() {
        return offsetTable;
    }

    public void setOffsetTable(Map<MessageQueueKey, OffsetWrapper> offsetTable) {
        this.offsetTable = offsetTable;
    }

    public double getConsumeTps() {
        return consumeTps;
    }

    public void setConsumeTps(double consumeTps) {
        this.consumeTps = consumeTps;
    }

    /** Messages stored but not yet consumed, over every queue. */
    public long computeTotalDiff() {
        long diff = 0;
        for (OffsetWrapper w : offsetTable.values()) {
            diff += w.getBrokerOffset() - w.getConsumerOffset();
        }
        return diff;
    }
}
