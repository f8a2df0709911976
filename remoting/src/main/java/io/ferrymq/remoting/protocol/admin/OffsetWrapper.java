package io.ferrymq.remoting.protocol.admin;

/**
 * A consumer group's progress on one queue (RocketMQ's {@code OffsetWrapper}): the queue's next
 * offset, the group's committed offset and the store time of the last message it consumed.
 */
public class OffsetWrapper {
    private long brokerOffset;
    private long consumerOffset;
    private long lastTimestamp;

    public OffsetWrapper() {
    }

    public OffsetWrapper(long brokerOffset, long consumerOffset, long lastTimestamp) {
        this.brokerOffset = brokerOffset;
        this.consumerOffset = consumerOffset;
        this.lastTimestamp = lastTimestamp;
    }

    public long getBrokerOffset() {
        return brokerOffset;
    }

    public void setBrokerOffset(long brokerOffset) {
        this.brokerOffset = brokerOffset;
    }

    public long getConsumerOffset() {
        return consumerOffset;
    }

    public void setConsumerOffset(long consumerOffset) {
        this.consumerOffset = consumerOffset;
    }

    public long getLastTimestamp() {
        return lastTimestamp;
    }

    public void setLastTimestamp(long lastTimestamp) {
        this.lastTimestamp = lastTimestamp;
    }
}
