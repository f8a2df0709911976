package io.ferrymq.remoting.protocol.admin;

import java.util.Comparator;
import java.util.Objects;

/**
 * One queue of a topic on one broker group, in RocketMQ's {@code MessageQueue} JSON shape
 * ({@code brokerName}, {@code queueId}, {@code topic}). Admin bodies use it as a map key, which the
 * official side writes as a JSON object in key position.
 */
public class MessageQueueKey implements Comparable<MessageQueueKey> {
    private static final Comparator<MessageQueueKey> ORDER = Comparator
            .comparing(MessageQueueKey::getTopic, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(MessageQueueKey::getBrokerName, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(MessageQueueKey::getQueueId);

    private String topic;
    private String brokerName;
    private int queueId;

    public MessageQueueKey() {
    }

    public MessageQueueKey(String topic, String brokerName, int queueId) {
        this.topic = topic;
        this.brokerName = brokerName;
        this.queueId = queueId;
    }

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public String getBrokerName() {
        return brokerName;
    }

    public void setBrokerName(String brokerName) {
        this.brokerName = brokerName;
    }

    public int getQueueId() {
        return queueId;
    }

    public void setQueueId(int queueId) {
        this.queueId = queueId;
    }

    @Override
    public int compareTo(MessageQueueKey o) {
        return ORDER.compare(this, o);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageQueueKey k && queueId == k.queueId && Objects.equals(topic, k.topic)
                && Objects.equals(brokerName, k.brokerName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, brokerName, queueId);
    }

    @Override
    public String toString() {
        return "MessageQueue[topic=" + topic + ", brokerName=" + brokerName + ", queueId=" + queueId + "]";
    }
}
