package io.ferrymq.remoting.protocol.route;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One broker group: its cluster, name and addresses by broker id (0 = master). Ids are kept as
 * decimal strings so the JSON map keys are quoted, the form both official client versions read.
 */
public class BrokerData implements Comparable<BrokerData> {
    public static final long MASTER_ID = 0L;

    private String cluster;
    private String brokerName;
    private Map<String, String> brokerAddrs = new TreeMap<>();

    public BrokerData() {
    }

    public BrokerData(String cluster, String brokerName) {
        this.cluster = cluster;
        this.brokerName = brokerName;
    }

    /** A deep copy, so a snapshot handed out never changes under its reader. */
    public BrokerData copy() {
        BrokerData copy = new BrokerData(cluster, brokerName);
        copy.brokerAddrs = new TreeMap<>(brokerAddrs);
        return copy;
    }

    public String masterAddr() {
        return brokerAddrs.get(Long.toString(MASTER_ID));
    }

    public String getCluster() {
        return cluster;
    }

    public void setCluster(String cluster) {
        this.cluster = cluster;
    }

    public String getBrokerName() {
        return brokerName;
    }

    public void setBrokerName(String brokerName) {
        this.brokerName = brokerName;
    }

    public Map<String, String> getBrokerAddrs() {
        return brokerAddrs;
    }

    public void setBrokerAddrs(Map<String, String> brokerAddrs) {
        this.brokerAddrs = brokerAddrs == null ? new TreeMap<>() : new TreeMap<>(brokerAddrs);
    }

    @Override
    public int compareTo(BrokerData o) {
        return brokerName.compareTo(o.brokerName);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BrokerData b && Objects.equals(cluster, b.cluster)
                && Objects.equals(brokerName, b.brokerName) && Objects.equals(brokerAddrs, b.brokerAddrs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cluster, brokerName, brokerAddrs);
    }

    @Override
    public String toString() {
        return "BrokerData[" + cluster + "/" + brokerName + " " + brokerAddrs + "]";
    }
}
