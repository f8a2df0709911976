package io.ferrymq.remoting.protocol.admin;

import io.ferrymq.common.subscription.SubscriptionGroupConfig;
import io.ferrymq.remoting.protocol.body.DataVersion;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every subscription group of a broker and the version of that set: the body of
 * GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201) and the content of {@code subscriptionGroup.json}.
 */
public class SubscriptionGroupWrapper {
    private Map<String, SubscriptionGroupConfig> subscriptionGroupTable = new TreeMap<>();
    private DataVersion dataVersion = new DataVersion();

    public Map<String, SubscriptionGroupConfig> getSubscriptionGroupTable() {
        return subscriptionGroupTable;
    }

    public void setSubscriptionGroupTable(Map<String, SubscriptionGroupConfig> subscriptionGroupTable) {
        this.subscriptionGroupTable = subscriptionGroupTable;
    }

    public DataVersion getDataVersion() {
        return dataVersion;
    }

    public void setDataVersion(DataVersion dataVersion) {
        this.dataVersion = dataVersion;
    }
}
