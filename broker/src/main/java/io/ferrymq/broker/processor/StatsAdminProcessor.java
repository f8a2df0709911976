package io.ferrymq.broker.processor;

import io.ferrymq.broker.client.ConsumerGroup;
import io.ferrymq.broker.client.ConsumerRegistry;
import io.ferrymq.broker.client.SubscriptionGroups;
import io.ferrymq.broker.offset.ConsumerOffsetManager;
import io.ferrymq.broker.stats.BrokerStats;
import io.ferrymq.broker.stats.RuntimeInfo;
import io.ferrymq.broker.topic.TopicConfigManager;
import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.admin.ConsumeStats;
import io.ferrymq.remoting.protocol.admin.MessageQueueKey;
import io.ferrymq.remoting.protocol.admin.OffsetWrapper;
import io.ferrymq.remoting.protocol.admin.TopicOffset;
import io.ferrymq.remoting.protocol.admin.TopicStatsTable;
import io.ferrymq.remoting.protocol.body.KVTable;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.ferrymq.store.MessageStore;
import io.netty.channel.ChannelHandlerContext;
import java.util.HashMap;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an operator reads about load and progress: GET_BROKER_RUNTIME_INFO (28), GET_TOPIC_STATS_INFO
 * (202) and GET_CONSUME_STATS (208), with RocketMQ's body shapes.
 */
public final class StatsAdminProcessor {
    private final String brokerName;
    private final TopicConfigManager topics;
    private final SubscriptionGroups groups;
    private final ConsumerRegistry consumers;
    private final ConsumerOffsetManager offsets;
    private final MessageStore store;
    private final BrokerStats stats;
    private final RuntimeInfo runtimeInfo;

    public StatsAdminProcessor(String brokerName, TopicConfigManager topics, SubscriptionGroups groups,
                               ConsumerRegistry consumers, ConsumerOffsetManager offsets, MessageStore store,
                               BrokerStats stats, RuntimeInfo runtimeInfo) {
        this.brokerName = brokerName;
        this.topics = topics;
        this.groups = groups;
        this.consumers = consumers;
        this.offsets = offsets;
        this.store = store;
        this.stats = stats;
        this.runtimeInfo = runtimeInfo;
    }

    public RemotingCommand runtimeInfo(ChannelHandlerContext ctx, RemotingCommand request) {
        return Responses.success(request).setBody(RemotingJson.encode(new KVTable(new HashMap<>(runtimeInfo.snapshot()))));
    }

    /** Per writable queue: min and max offset and the store time of the newest message. */
    public RemotingCommand topicStats(ChannelHandlerContext ctx, RemotingCommand request) {
        String topic = request.requireExt("topic");
        TopicConfig tc = topics.find(topic);
        if (tc == null) {
            return Responses.of(request, ResponseCode.TOPIC_NOT_EXIST, "topic[" + topic + "] not exist");
        }
        TopicStatsTable table = new TopicStatsTable();
        for (int q = 0; q < tc.getWriteQueueNums(); q++) {
            long min = Math.max(store.minOffset(topic, q), 0);
            long max = Math.max(store.maxOffset(topic, q), 0);
            long last = max > 0 ? storeTime(topic, q, max - 1) : 0;
            table.getOffsetTable().put(new MessageQueueKey(topic, brokerName, q), new TopicOffset(min, max, last));
        }
        return Responses.success(request).setBody(RemotingJson.encode(table));
    }

    /**
     * Per readable queue of each topic the group consumes (those it committed offsets on and, while
     * online, those it subscribes to; or only {@code topic} when given): the queue's next offset, the
     * group's committed offset and the store time of the last consumed message; plus the group's
     * messages-per-second over the last minute.
     */
    public RemotingCommand consumeStats(ChannelHandlerContext ctx, RemotingCommand request) {
        String group = request.requireExt("consumerGroup");
        String topic = request.ext("topic");
        ConsumerGroup online = consumers.find(group);
        Set<String> consumed = offsets.topicsOf(group);
        if (groups.find(group) == null && consumed.isEmpty() && (online == null || online.isEmpty())) {
            return Responses.of(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group ["
                    + group + "] does not exist on this broker: no config, no committed offset, no live consumer");
        }
        Set<String> topicNames = new TreeSet<>();
        if (topic != null && !topic.isBlank()) {
            if (topics.find(topic) == null) {
                return Responses.of(request, ResponseCode.TOPIC_NOT_EXIST, "topic[" + topic + "] not exist");
            }
            topicNames.add(topic);
        } else {
            topicNames.addAll(consumed);
            if (online != null) {
                topicNames.addAll(online.subscriptions().keySet());
            }
        }
        ConsumeStats result = new ConsumeStats();
        double tps = 0;
        for (String t : topicNames) {
            TopicConfig tc = topics.find(t);
            boolean subscribedElsewhere = online != null && !online.isEmpty() && online.subscription(t) == null;
            if (tc == null || subscribedElsewhere) {
                // RocketMQ skips a topic the live group no longer subscribes to
                continue;
            }
            for (int q = 0; q < tc.getReadQueueNums(); q++) {
                long brokerOffset = Math.max(store.maxOffset(t, q), 0);
                long consumerOffset = Math.max(offsets.query(group, t, q), 0);
                long last = consumerOffset > 0 ? storeTime(t, q, consumerOffset - 1) : 0;
                result.getOffsetTable().put(new MessageQueueKey(t, brokerName, q),
                        new OffsetWrapper(brokerOffset, consumerOffset, last));
            }
            tps += stats.groupGetTps(group, t);
        }
        result.setConsumeTps(tps);
        return Responses.success(request).setBody(RemotingJson.encode(result));
    }

    /** Store time of the message at {@code queueOffset}, or 0 when it is gone. */
    private long storeTime(String topic, int queueId, long queueOffset) {
        long physical = store.physicalOffsetOf(topic, queueId, queueOffset);
        return physical < 0 ? 0 : Math.max(store.commitLog().storeTimestamp(physical), 0);
    }
}
