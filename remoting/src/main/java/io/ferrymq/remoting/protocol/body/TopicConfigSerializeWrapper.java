package io.ferrymq.remoting.protocol.body;

import io.ferrymq.common.topic.TopicConfig;
import java.util.Map;
import java.util.TreeMap;

/** A broker's topic configs with their version, as sent in REGISTER_BROKER. */
public class TopicConfigSerializeWrapper {
    private Map<String, TopicConfig> topicConfigTable = new TreeMap<>();
    private DataVersion dataVersion = new DataVersion();

    public Map<String, TopicConfig> getTopicConfigTable() {
        return topicConfigTable;
    }

    public void setTopicConfigTable(Map<String, TopicConfig> topicConfigTable) {
        this.topicConfigTable = topicConfigTable == null ? new TreeMap<>() : topicConfigTable;
    }

    public DataVersion getDataVersion() {
        return dataVersion;
    }

    public void setDataVersion(DataVersion dataVersion) {
        this.dataVersion = dataVersion == null ? new DataVersion() : dataVersion;
    }
}
