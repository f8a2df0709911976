package io.ferrymq.remoting.protocol.route;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Body of GET_BROKER_CLUSTER_INFO: broker groups by name, and broker names by cluster. */
public class ClusterInfo {
    private Map<String, BrokerData> brokerAddrTable = new TreeMap<>();
    private Map<String, Set<String>> clusterAddrTable = new TreeMap<>();

    public Map<String, BrokerData> getBrokerAddrTable() {
        return brokerAddrTable;
    }

    public void setBrokerAddrTable(Map<String, BrokerData> brokerAddrTable) {
        this.brokerAddrTable = brokerAddrTable;
    }

    public Map<String, Set<String>> getClusterAddrTable() {
        return clusterAddrTable;
    }

    public void setClusterAddrTable(Map<String, Set<String>> clusterAddrTable) {
        this.clusterAddrTable = clusterAddrTable;
    }
}
