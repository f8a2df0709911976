package io.ferrymq.broker.client;

import java.util.ArrayList;
import java.util.List;

/** The HEART_BEAT body (RocketMQ's JSON bean); enums are kept as their names. */
public class HeartbeatData {
    private String clientID;
    private List<ProducerData> producerDataSet = new ArrayList<>();
    private List<ConsumerData> consumerDataSet = new ArrayList<>();

    public String getClientID() {
        return clientID;
    }

    public void setClientID(String clientID) {
        this.clientID = clientID;
    }

    public List<ProducerData> getProducerDataSet() {
        return producerDataSet;
    }

    public void setProducerDataSet(List<ProducerData> producerDataSet) {
        this.producerDataSet = producerDataSet;
    }

    public List<ConsumerData> getConsumerDataSet() {
        return consumerDataSet;
    }

    public void setConsumerDataSet(List<ConsumerData> consumerDataSet) {
        this.consumerDataSet = consumerDataSet;
    }

    /** A producer group of the client. */
    public static class ProducerData {
        private String groupName;

        public String getGroupName() {
            return groupName;
        }

        public void setGroupName(String groupName) {
            this.groupName = groupName;
        }
    }

    /** A consumer group of the client with its subscriptions. */
    public static class ConsumerData {
        private String groupName;
        private String consumeType;
        private String messageModel;
        private String consumeFromWhere;
        private boolean unitMode;
        private List<SubscriptionData> subscriptionDataSet = new ArrayList<>();

        public String getGroupName() {
            return groupName;
        }

        public void setGroupName(String groupName) {
            this.groupName = groupName;
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

        public boolean isUnitMode() {
            return unitMode;
        }

        public void setUnitMode(boolean unitMode) {
            this.unitMode = unitMode;
        }

        public List<SubscriptionData> getSubscriptionDataSet() {
            return subscriptionDataSet;
        }

        public void setSubscriptionDataSet(List<SubscriptionData> subscriptionDataSet) {
            this.subscriptionDataSet = subscriptionDataSet;
        }
    }
}
