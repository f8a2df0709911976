package io.ferrymq.remoting.protocol.admin;

/** A queue's offset range and the store time of its newest message (RocketMQ's {@code TopicOffset}). */
public class TopicOffset {
    private long minOffset;
    private long maxOffset;
    private long lastUpdateTimestamp;

    public TopicOffset() {
    }

    public TopicOffset(long minOffset, long maxOffset, long lastUpdateTimestamp) {
        this.minOffset = minOffset;
        this.maxOffset = maxOffset;
        this.lastUpdateTimestamp = lastUpdateTimestamp;
    }

    public long getMinOffset() {
        return minOffset;
    }

    public void setMinOffset(long minOffset) {
        this.minOffset = minOffset;
    }

    public long getMaxOffset() {
        return maxOffset;
    }

    public void setMaxOffset(long maxOffset) {
        this.maxOffset = maxOffset;
    }

    public long getLastUpdateTimestamp() {
        return lastUpdateTimestamp;
    }

    public void setLastUpdateTimestamp(long lastUpdateTimestamp) {
        this.lastUpdateTimestamp = lastUpdateTimestamp;
    }
}
