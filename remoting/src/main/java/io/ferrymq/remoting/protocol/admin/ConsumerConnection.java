package io.ferrymq.remoting.protocol.admin;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Body of GET_CONSUMER_CONNECTION_LIST (203): a consumer group's live connections, its subscriptions
 * by topic, and how it consumes ({@code consumeType}, {@code messageModel}, {@code consumeFromWhere}
 * as RocketMQ's enum names).
 */
public class ConsumerConnection {
    private Set<Connection> connectionSet = new HashSet<>();
    private Map<String, SubscriptionInfo> subscriptionTable = new HashMap<>();
    private String consumeType;
    private String messageModel;
    private String consumeFromWhere;

    public Set<Connection> getConnectionSet() {
        return connectionSet;
    }

    public void setConnectionSet(Set<Connection> connectionSet) {
        this.connectionSet = connectionSet;
    }

    public Map<String, SubscriptionInfo> getSubscriptionTable() {
        return subscriptionTable;
    }

    public void setSubscriptionTable(Map<String, SubscriptionInfo> subscriptionTable) {
        this.subscriptionTable = subscriptionTable;
    }

    public String getConsumeType() {
        return consumeType;
    }

    public void setConsumeType(String consumeType) {
        this.consumeType = consumeType;
    }

    public String getMessageModel() {
        return messageModel;
    }

    public void setMessageModel(String messageModel) {
        this.messageModel = messageModel;
    }

    public String getConsumeFromWhere() {
        return consumeFromWhere;
    }

    public void setConsumeFromWhere(String consumeFromWhere) {
        this.consumeFromWhere = consumeFromWhere;
    }
}
