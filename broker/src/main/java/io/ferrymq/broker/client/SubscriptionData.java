package io.ferrymq.broker.client;

import java.util.ArrayList;
import java.util.List;

/** One subscription of a consumer group as heartbeats carry it (RocketMQ's JSON bean). */
public class SubscriptionData {
    public static final String SUB_ALL = "*";
    public static final String TAG = "TAG";
    public static final String SQL92 = "SQL92";

    private String topic;
    private String subString;
    private List<String> tagsSet = new ArrayList<>();
    private List<Integer> codeSet = new ArrayList<>();
    private long subVersion;
    private String expressionType = TAG;
    private boolean classFilterMode;

    /** A TAG subscription parsed from {@code expression} the way clients do ({@code A || B}, {@code *}). */
    public static SubscriptionData ofTags(String topic, String expression, long subVersion) {
        SubscriptionData s = new SubscriptionData();
        s.topic = topic;
        s.subVersion = subVersion;
        if (expression == null || expression.isBlank() || SUB_ALL.equals(expression.trim())) {
            s.subString = SUB_ALL;
            return s;
        }
        s.subString = expression;
        for (String tag : expression.split("\\|\\|")) {
            String t = tag.trim();
            if (!t.isEmpty()) {
                s.tagsSet.add(t);
                s.codeSet.add(t.hashCode());
            }
        }
        return s;
    }

    /** An SQL92 subscription: {@code expression} is the property filter, compiled by the broker when used. */
    public static SubscriptionData ofSql(String topic, String expression, long subVersion) {
        SubscriptionData s = new SubscriptionData();
        s.topic = topic;
        s.subVersion = subVersion;
        s.subString = expression;
        s.expressionType = SQL92;
        return s;
    }

    /** True for {@code *} or an empty tag set. */
    public boolean matchesAll() {
        return SUB_ALL.equals(subString) || (isTagType() && (codeSet == null || codeSet.isEmpty()));
    }

    public boolean isTagType() {
        return expressionType == null || expressionType.isEmpty() || TAG.equalsIgnoreCase(expressionType);
    }

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

    @Override
    public String toString() {
        return topic + "(" + expressionType + ":" + subString + ", v" + subVersion + ")";
    }
}
