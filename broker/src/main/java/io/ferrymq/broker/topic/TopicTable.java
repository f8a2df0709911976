package io.ferrymq.broker.topic;

import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.remoting.protocol.body.DataVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/** The persisted form of a broker's topic configs (RocketMQ's topics.json shape). */
public class TopicTable {
    private Map<String, TopicConfig> topicConfigTable = new LinkedHashMap<>();
    private DataVersion dataVersion = new DataVersion();

    public Map<String, TopicConfig> getTopicConfigTable() {
        return topicConfigTable;
    }

    public void setTopicConfigTable(Map<String, TopicConfig> topicConfigTable) {
        this.topicConfigTable = topicConfigTable;
    }

    public DataVersion getDataVersion() {
        return dataVersion;
    }

    public void setDataVersion(DataVersion dataVersion) {
        this.dataVersion = dataVersion;
    }
}
