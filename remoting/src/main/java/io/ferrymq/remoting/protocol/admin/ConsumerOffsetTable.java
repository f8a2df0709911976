package io.ferrymq.remoting.protocol.admin;

import java.util.Map;
import java.util.TreeMap;

/**
 * Body of GET_ALL_CONSUMER_OFFSET (43): {@code "topic@group" -> queueId -> next offset}, RocketMQ's
 * {@code ConsumerOffsetSerializeWrapper} shape.
 */
public class ConsumerOffsetTable {
    private Map<String, Map<Integer, Long>> offsetTable = new TreeMap<>();

    public ConsumerOffsetTable() {
    }

    public ConsumerOffsetTable(Map<String, Map<Integer, Long>> offsetTable) {
        this.offsetTable = offsetTable;
    }

    public Map<String, Map<Integer, Long>> getOffsetTable() {
        return offsetTable;
    }

    public void setOffsetTable(Map<String, Map<Integer, Long>> offsetTable) {
        this.offsetTable = offsetTable;
    }
}
