package io.ferrymq.broker.schedule;

import java.util.HashMap;
import java.util.Map;

/** The persisted delay progress: level to the next offset of its queue in SCHEDULE_TOPIC_XXXX. */
public class DelayOffsetTable {
    private Map<Integer, Long> offsetTable = new HashMap<>();

    public Map<Integer, Long> getOffsetTable() {
        return offsetTable;
    }

    public void setOffsetTable(Map<Integer, Long> offsetTable) {
        this.offsetTable = offsetTable;
    }
}
