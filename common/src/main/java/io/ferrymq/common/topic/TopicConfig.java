package io.ferrymq.common.topic;

import java.util.Objects;

/**
 * A topic's configuration on a broker. Serialized as RocketMQ's JSON bean ({@code topicName,
 * readQueueNums, writeQueueNums, perm, topicFilterType, topicSysFlag, order}) in broker
 * registrations and admin bodies.
 */
public class TopicConfig {
    public static final int DEFAULT_READ_QUEUE_NUMS = 16;
    public static final int DEFAULT_WRITE_QUEUE_NUMS = 16;
    /** Read and write: a normal topic. */
    public static final int DEFAULT_PERM = 6;

    private String topicName;
    private int readQueueNums = DEFAULT_READ_QUEUE_NUMS;
    private int writeQueueNums = DEFAULT_WRITE_QUEUE_NUMS;
    private int perm = DEFAULT_PERM;
    private TopicFilterType topicFilterType = TopicFilterType.SINGLE_TAG;
    private int topicSysFlag;
    private boolean order;

    public TopicConfig() {
    }

    public TopicConfig(String topicName, int readQueueNums, int writeQueueNums, int perm) {
        this.topicName = topicName;
        this.readQueueNums = readQueueNums;
        this.writeQueueNums = writeQueueNums;
        this.perm = perm;
    }

    public TopicConfig copy() {
        TopicConfig c = new TopicConfig(topicName, readQueueNums, writeQueueNums, perm);
        c.topicFilterType = topicFilterType;
        c.topicSysFlag = topicSysFlag;
        c.order = order;
        return c;
    }

    public String getTopicName() {
        return topicName;
    }

    public void setTopicName(String topicName) {
        this.topicName = topicName;
    }

    public int getReadQueueNums() {
        return readQueueNums;
    }

    public void setReadQueueNums(int readQueueNums) {
        this.readQueueNums = readQueueNums;
    }

    public int getWriteQueueNums() {
        return writeQueueNums;
    }

    public void setWriteQueueNums(int writeQueueNums) {
        this.writeQueueNums = writeQueueNums;
    }

    public int getPerm() {
        return perm;
    }

    public void setPerm(int perm) {
        this.perm = perm;
    }

    public TopicFilterType getTopicFilterType() {
        return topicFilterType;
    }

    public void setTopicFilterType(TopicFilterType topicFilterType) {
        this.topicFilterType = topicFilterType == null ? TopicFilterType.SINGLE_TAG : topicFilterType;
    }

    public int getTopicSysFlag() {
        return topicSysFlag;
    }

    public void setTopicSysFlag(int topicSysFlag) {
        this.topicSysFlag = topicSysFlag;
    }

    public boolean isOrder() {
        return order;
    }

    public void setOrder(boolean order) {
        this.order = order;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicConfig t && readQueueNums == t.readQueueNums && writeQueueNums == t.writeQueueNums
                && perm == t.perm && topicSysFlag == t.topicSysFlag && order == t.order
                && Objects.equals(topicName, t.topicName) && topicFilterType == t.topicFilterType;
    }

    @Override
    public int hashCode() {
        return Objects.hash(topicName, readQueueNums, writeQueueNums, perm, topicFilterType, topicSysFlag, order);
    }

    @Override
    public String toString() {
        return "TopicConfig[" + topicName + " r=" + readQueueNums + " w=" + writeQueueNums + " perm=" + perm
                + " " + topicFilterType + " sysFlag=" + topicSysFlag + " order=" + order + "]";
    }
}
