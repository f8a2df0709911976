package io.ferrymq.remoting.protocol.route;

import java.util.Objects;

/** The queues one broker group hosts for a topic, as the route JSON carries them. */
public class QueueData implements Comparable<QueueData> {
    private String brokerName;
    private int readQueueNums;
    private int writeQueueNums;
    private int perm;
    private int topicSysFlag;

    public QueueData() {
    }

    public QueueData(String brokerName, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag) {
        this.brokerName = brokerName;
        this.readQueueNums = readQueueNums;
        this.writeQueueNums = writeQueueNums;
        this.perm = perm;
        this.topicSysFlag = topicSysFlag;
    }

    public String getBrokerName() {
        return brokerName;
    }

    public void setBrokerName(String brokerName) {
        this.brokerName = brokerName;
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

    public int getTopicSysFlag() {
        return topicSysFlag;
    }

    public void setTopicSysFlag(int topicSysFlag) {
        this.topicSysFlag = topicSysFlag;
    }

    @Override
    public int compareTo(QueueData o) {
        return brokerName.compareTo(o.brokerName);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueueData q && readQueueNums == q.readQueueNums && writeQueueNums == q.writeQueueNums
                && perm == q.perm && topicSysFlag == q.topicSysFlag && Objects.equals(brokerName, q.brokerName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(brokerName, readQueueNums, writeQueueNums, perm, topicSysFlag);
    }

    @Override
    public String toString() {
        return "QueueData[" + brokerName + " r=" + readQueueNums + " w=" + writeQueueNums + " perm=" + perm + "]";
    }
}
