package io.ferrymq.broker.offset;

import java.util.HashMap;
import java.util.Map;

/** The persisted consumer offsets: {@code "topic@group" -> queueId -> next offset} (RocketMQ's shape). */
public class OffsetTable {
    private Map<String, Map<Integer, Long>> offsetTable = new HashMap<>();

    public Map<String, Map<Integer, Long>> getOffsetTable() {
        return offsetTable;
    }

    public void setOffsetTable(Map<String, Map<Integer, Long>> offsetTable) {
        this.offsetTable = offsetTable;
    }
}
