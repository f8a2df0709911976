package io.ferrymq.remoting.protocol.body;

import java.util.Set;
import java.util.TreeSet;

/** Body listing topic names ({@code brokerAddr} only in the system-topic answer). */
public class TopicList {
    private Set<String> topicList = new TreeSet<>();
    private String brokerAddr;

    public TopicList() {
    }

    public TopicList(Set<String> topics) {
        this.topicList = topics;
    }

    public Set<String> getTopicList() {
        return topicList;
    }

    public void setTopicList(Set<String> topicList) {
        this.topicList = topicList;
    }

    public String getBrokerAddr() {
        return brokerAddr;
    }

    public void setBrokerAddr(String brokerAddr) {
        this.brokerAddr = brokerAddr;
    }
}
