package io.ferrymq.broker.client;

import io.ferrymq.remoting.protocol.admin.SubscriptionInfo;

/**
 * One subscription of a consumer group as heartbeats carry it (RocketMQ's JSON bean, the same fields admin
 * bodies show), with the broker's reading of it: tag or SQL92, match-all.
 */
public class SubscriptionData extends SubscriptionInfo {
    public static final String SUB_ALL = "*";
    public static final String TAG = "TAG";
    public static final String SQL92 = "SQL92";

    public SubscriptionData() {
        setExpressionType(TAG);
    }

    /** A TAG subscription parsed from {@code expression} the way clients do ({@code A || B}, {@code *}). */
    public static SubscriptionData ofTags(String topic, String expression, long subVersion) {
        SubscriptionData s = new SubscriptionData();
        s.setTopic(topic);
        s.setSubVersion(subVersion);
        if (expression == null || expression.isBlank() || SUB_ALL.equals(expression.trim())) {
            s.setSubString(SUB_ALL);
            return s;
        }
        s.setSubString(expression);
        for (String tag : expression.split("\\|\\|")) {
            String t = tag.trim();
            if (!t.isEmpty()) {
                s.getTagsSet().add(t);
                s.getCodeSet().add(t.hashCode());
            }
        }
        return s;
    }

    /** An SQL92 subscription: {@code expression} is the property filter, compiled by the broker when used. */
    public static SubscriptionData ofSql(String topic, String expression, long subVersion) {
        SubscriptionData s = new SubscriptionData();
        s.setTopic(topic);
        s.setSubVersion(subVersion);
        s.setSubString(expression);
        s.setExpressionType(SQL92);
        return s;
    }

    /** True for {@code *} or an empty tag set. */
    public boolean matchesAll() {
        return SUB_ALL.equals(getSubString()) || (isTagType() && (getCodeSet() == null || getCodeSet().isEmpty()));
    }

    public boolean isTagType() {
        String type = getExpressionType();
        return type == null || type.isEmpty() || TAG.equalsIgnoreCase(type);
    }

    @Override
    public String toString() {
        return getTopic() + "(" + getExpressionType() + ":" + getSubString() + ", v" + getSubVersion() + ")";
    }
}
