package io.ferrymq.remoting.protocol.admin;

import java.util.HashMap;
import java.util.Map;

/** Body of GET_TOPIC_STATS_INFO (202): per queue, its offsets ({@code {"offsetTable":{queue:offsets}}}). */
public class TopicStatsTable {
    private Map<MessageQueueKey, TopicOffset> offsetTable = new HashMap<>();

    public Map<MessageQueueKey, TopicOffset> getOffsetTable() {
        return offsetTable;
    }

    public void setOffsetTable(Map<MessageQueueKey, TopicOffset> offsetTable) {
        this.offsetTable = offsetTable;
    }
}
