package io.ferrymq.broker.lock;

import java.util.Objects;

/** A message queue as the lock bodies write it ({@code {"brokerName","queueId","topic"}}). */
public class LockedQueue {
    private String topic;
    private String brokerName;
    private int queueId;

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
    public boolean equals(Object o) {
        return o instanceof LockedQueue q && queueId == q.queueId && Objects.equals(topic, q.topic)
                && Objects.equals(brokerName, q.brokerName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, brokerName, queueId);
    }
}
