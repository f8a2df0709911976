package io.ferrymq.remoting.protocol.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A topic's route, serialized exactly as clients parse it: {@code queueDatas} and
 * {@code brokerDatas} always present, {@code filterServerTable} an empty object,
 * {@code orderTopicConf} only when configured.
 */
public class TopicRouteData {
    private String orderTopicConf;
    private List<QueueData> queueDatas = new ArrayList<>();
    private List<BrokerData> brokerDatas = new ArrayList<>();
    private Map<String, List<String>> filterServerTable = new HashMap<>();

    public String getOrderTopicConf() {
        return orderTopicConf;
    }

    public void setOrderTopicConf(String orderTopicConf) {
        this.orderTopicConf = orderTopicConf;
    }

    public List<QueueData> getQueueDatas() {
        return queueDatas;
    }

    public void setQueueDatas(List<QueueData> queueDatas) {
        this.queueDatas = queueDatas;
    }

    public List<BrokerData> getBrokerDatas() {
        return brokerDatas;
    }

    public void setBrokerDatas(List<BrokerData> brokerDatas) {
        this.brokerDatas = brokerDatas;
    }

    public Map<String, List<String>> getFilterServerTable() {
        return filterServerTable;
    }

    public void setFilterServerTable(Map<String, List<String>> filterServerTable) {
        this.filterServerTable = filterServerTable;
    }
}
