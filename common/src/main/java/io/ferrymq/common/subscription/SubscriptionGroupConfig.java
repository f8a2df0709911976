package io.ferrymq.common.subscription;

import java.util.Objects;

/**
 * A consumer group's subscription settings, with RocketMQ's field names and defaults so that the JSON
 * bean ({@code subscriptionGroup.json}, admin bodies) reads the same.
 */
public class SubscriptionGroupConfig {

    private String groupName;
    private boolean consumeEnable = true;
    private boolean consumeFromMinEnable = true;
    private boolean consumeBroadcastEnable = true;
    private int retryQueueNums = 1;
    private int retryMaxTimes = 16;
    private long brokerId;
    private long whichBrokerWhenConsumeSlowly = 1;
    private boolean notifyConsumerIdsChangedEnable = true;

    public SubscriptionGroupConfig() {
    }

    public SubscriptionGroupConfig(String groupName) {
        this.groupName = groupName;
    }

    public String getGroupName() {
        return groupName;
    }

    public void setGroupName(String groupName) {
        this.groupName = groupName;
    }

    public boolean isConsumeEnable() {
        return consumeEnable;
    }

    public void setConsumeEnable(boolean consumeEnable) {
        this.consumeEnable = consumeEnable;
    }

    public boolean isConsumeFromMinEnable() {
        return consumeFromMinEnable;
    }

    public void setConsumeFromMinEnable(boolean consumeFromMinEnable) {
        this.consumeFromMinEnable = consumeFromMinEnable;
    }

    public boolean isConsumeBroadcastEnable() {
        return consumeBroadcastEnable;
    }

    public void setConsumeBroadcastEnable(boolean consumeBroadcastEnable) {
        this.consumeBroadcastEnable = consumeBroadcastEnable;
    }

    public int getRetryQueueNums() {
        return retryQueueNums;
    }

    public void setRetryQueueNums(int retryQueueNums) {
        this.retryQueueNums = retryQueueNums;
    }

    public int getRetryMaxTimes() {
        return retryMaxTimes;
    }

    public void setRetryMaxTimes(int retryMaxTimes) {
        this.retryMaxTimes = retryMaxTimes;
    }

    public long getBrokerId() {
        return brokerId;
    }

    public void setBrokerId(long brokerId) {
        this.brokerId = brokerId;
    }

    public long getWhichBrokerWhenConsumeSlowly() {
        return whichBrokerWhenConsumeSlowly;
    }

    public void setWhichBrokerWhenConsumeSlowly(long whichBrokerWhenConsumeSlowly) {
        this.whichBrokerWhenConsumeSlowly = whichBrokerWhenConsumeSlowly;
    }

    public boolean isNotifyConsumerIdsChangedEnable() {
        return notifyConsumerIdsChangedEnable;
    }

    public void setNotifyConsumerIdsChangedEnable(boolean notifyConsumerIdsChangedEnable) {
        this.notifyConsumerIdsChangedEnable = notifyConsumerIdsChangedEnable;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubscriptionGroupConfig s && Objects.equals(groupName, s.groupName)
                && consumeEnable == s.consumeEnable && consumeFromMinEnable == s.consumeFromMinEnable
                && consumeBroadcastEnable == s.consumeBroadcastEnable && retryQueueNums == s.retryQueueNums
                && retryMaxTimes == s.retryMaxTimes && brokerId == s.brokerId
                && whichBrokerWhenConsumeSlowly == s.whichBrokerWhenConsumeSlowly
                && notifyConsumerIdsChangedEnable == s.notifyConsumerIdsChangedEnable;
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupName, consumeEnable, consumeFromMinEnable, consumeBroadcastEnable, retryQueueNums,
                retryMaxTimes, brokerId, whichBrokerWhenConsumeSlowly, notifyConsumerIdsChangedEnable);
    }

    @Override
    public String toString() {
        return "SubscriptionGroupConfig[" + groupName + " consume=" + consumeEnable + " retryQueues=" + retryQueueNums
                + " retryMax=" + retryMaxTimes + "]";
    }
}
