package io.ferrymq.broker.lock;

import io.ferrymq.remoting.protocol.admin.MessageQueueKey;
import java.util.LinkedHashSet;
import java.util.Set;

/** LOCK_BATCH_MQ / UNLOCK_BATCH_MQ request body. */
public class LockBatchBody {
    private String consumerGroup;
    private String clientId;
    private boolean onlyThisBroker;
    private Set<MessageQueueKey> mqSet = new LinkedHashSet<>();

    public String getConsumerGroup() {
        return consumerGroup;
    }

    public void setConsumerGroup(String consumerGroup) {
        this.consumerGroup = consumerGroup;
    }

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public boolean isOnlyThisBroker() {
        return onlyThisBroker;
    }

    public void setOnlyThisBroker(boolean onlyThisBroker) {
        this.onlyThisBroker = onlyThisBroker;
    }

    public Set<MessageQueueKey> getMqSet() {
        return mqSet;
    }

    public void setMqSet(Set<MessageQueueKey> mqSet) {
        this.mqSet = mqSet;
    }
}
