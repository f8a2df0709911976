package io.ferrymq.remoting.protocol.admin;

import java.util.ArrayList;
import java.util.List;

/** A consumer group's subscription to one topic as admin bodies show it (RocketMQ's {@code SubscriptionData}). */
public class SubscriptionInfo {
    private String topic;
    private String subString;
    private List<String> tagsSet = new ArrayList<>();
    private List<Integer> codeSet = new ArrayList<>();
    private long subVersion;
    private String expressionType;
    private boolean classFilterMode;

    public String getTopic() {
        return topic;
    }

    public void setTopic(String topic) {
        this.topic = topic;
    }

    public String getSubString() {
        return subString;
    }

    public void setSubString(String subString) {
        this.subString = subString;
    }

    public List<String> getTagsSet() {
        return tagsSet;
    }

    public void setTagsSet(List<String> tagsSet) {
        this.tagsSet = tagsSet;
    }

    public List<Integer> getCodeSet() {
        return codeSet;
    }

    public void setCodeSet(List<Integer> codeSet) {
        this.codeSet = codeSet;
    }

    public long getSubVersion() {
        return subVersion;
    }

    public void setSubVersion(long subVersion) {
        this.subVersion = subVersion;
    }

    public String getExpressionType() {
        return expressionType;
    }

    public void setExpressionType(String expressionType) {
        this.expressionType = expressionType;
    }

    public boolean isClassFilterMode() {
        return classFilterMode;
    }

    public void setClassFilterMode(boolean classFilterMode) {
        this.classFilterMode = classFilterMode;
    }
}
