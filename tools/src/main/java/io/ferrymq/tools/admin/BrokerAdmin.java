package io.ferrymq.tools.admin;

import io.ferrymq.common.subscription.SubscriptionGroupConfig;
import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.remoting.netty.NettyClientConfig;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.admin.ConsumeStats;
import io.ferrymq.remoting.protocol.admin.ConsumerConnection;
import io.ferrymq.remoting.protocol.admin.ProducerConnection;
import io.ferrymq.remoting.protocol.admin.ResetOffsetBody;
import io.ferrymq.remoting.protocol.admin.SubscriptionGroupWrapper;
import io.ferrymq.remoting.protocol.admin.TopicStatsTable;
import io.ferrymq.remoting.protocol.body.KVTable;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.ferrymq.remoting.protocol.body.TopicConfigSerializeWrapper;
import io.ferrymq.remoting.protocol.route.BrokerData;
import io.ferrymq.remoting.protocol.route.ClusterInfo;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Admin requests to brokers, found through the name servers: the masters of a cluster (cluster info)
 * or of the broker groups serving a topic (its route). Each call names the broker address it goes to.
 */
public final class BrokerAdmin implements AutoCloseable {
    private final NamesrvAdmin namesrv;
    private final long timeoutMillis;
    private final NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());

    public BrokerAdmin(NamesrvAdmin namesrv, long timeoutMillis) {
        this.namesrv = namesrv;
        this.timeoutMillis = timeoutMillis;
    }

    // ------------------------------------------------------------------ discovery

    /** Broker name to master address, for every broker group of {@code cluster}. */
    public Map<String, String> mastersOfCluster(String cluster) {
        ClusterInfo info = namesrv.clusterInfo();
        Set<String> names = info.getClusterAddrTable().get(cluster);
        if (names == null || names.isEmpty()) {
            throw new AdminException("no cluster named " + cluster + " (known: " + info.getClusterAddrTable().keySet()
                    + ")");
        }
        Map<String, String> masters = new LinkedHashMap<>();
        for (String name : names) {
            BrokerData data = info.getBrokerAddrTable().get(name);
            String master = data == null ? null : data.masterAddr();
            if (master != null) {
                masters.put(name, master);
            }
        }
        return masters;
    }

    /** Broker name to master address, for every broker group serving {@code topic}; empty when it has no route. */
    public Map<String, String> mastersOfTopic(String topic) {
        TopicRouteData route = namesrv.topicRoute(topic);
        Map<String, String> masters = new LinkedHashMap<>();
        if (route == null) {
            return masters;
        }
        for (BrokerData data : route.getBrokerDatas()) {
            String master = data.masterAddr();
            if (master != null) {
                masters.put(data.getBrokerName(), master);
            }
        }
        return masters;
    }

    /** {@link #mastersOfTopic}, or an AdminException saying the topic has no route. */
    public Map<String, String> mastersOfRoutedTopic(String topic) {
        Map<String, String> masters = mastersOfTopic(topic);
        if (masters.isEmpty()) {
            throw new AdminException("no route for topic " + topic);
        }
        return masters;
    }

    /** The masters a consumer group uses: those of its retry topic's route, else every master known. */
    public Map<String, String> mastersOfGroup(String group) {
        Map<String, String> masters = mastersOfTopic(SystemTopics.retryTopic(group));
        return masters.isEmpty() ? mastersOfAll() : masters;
    }

    /** Broker name to master address, for every broker group the name servers know. */
    public Map<String, String> mastersOfAll() {
        Map<String, String> masters = new LinkedHashMap<>();
        namesrv.clusterInfo().getBrokerAddrTable().forEach((name, data) -> {
            if (data.masterAddr() != null) {
                masters.put(name, data.masterAddr());
            }
        });
        return masters;
    }

    // ------------------------------------------------------------------ calls

    public TopicStatsTable topicStats(String addr, String topic) {
        RemotingCommand r = callOk(addr, RemotingCommand.createRequest(RequestCode.GET_TOPIC_STATS_INFO)
                .putExt("topic", topic));
        return RemotingJson.decode(r.getBody(), TopicStatsTable.class);
    }

    /** The group's progress on {@code addr}; {@code topic} may be null (every topic it consumes). */
    public ConsumeStats consumeStats(String addr, String group, String topic) {
        RemotingCommand request = RemotingCommand.createRequest(RequestCode.GET_CONSUME_STATS)
                .putExt("consumerGroup", group);
        if (topic != null) {
            request.putExt("topic", topic);
        }
        return RemotingJson.decode(callOk(addr, request).getBody(), ConsumeStats.class);
    }

    /** The group's progress on {@code addr}, or null when that broker does not know the group. */
    public ConsumeStats consumeStatsIfKnown(String addr, String group) {
        RemotingCommand r = call(addr, RemotingCommand.createRequest(RequestCode.GET_CONSUME_STATS)
                .putExt("consumerGroup", group));
        if (r.getCode() == ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST) {
            return null;
        }
        return RemotingJson.decode(expectOk(addr, r).getBody(), ConsumeStats.class);
    }

    public Map<String, String> runtimeInfo(String addr) {
        RemotingCommand r = callOk(addr, RemotingCommand.createRequest(RequestCode.GET_BROKER_RUNTIME_INFO));
        return RemotingJson.decode(r.getBody(), KVTable.class).getTable();
    }

    /** The group's live connections on {@code addr}, or null when none are online there. */
    public ConsumerConnection consumerConnection(String addr, String group) {
        RemotingCommand r = call(addr, RemotingCommand.createRequest(RequestCode.GET_CONSUMER_CONNECTION_LIST)
                .putExt("consumerGroup", group));
        if (r.getCode() == ResponseCode.CONSUMER_NOT_ONLINE) {
            return null;
        }
        return RemotingJson.decode(expectOk(addr, r).getBody(), ConsumerConnection.class);
    }

    /** The group's live connections on {@code addr}, or null when it has none there. */
    public ProducerConnection producerConnection(String addr, String group) {
        RemotingCommand r = call(addr, RemotingCommand.createRequest(RequestCode.GET_PRODUCER_CONNECTION_LIST)
                .putExt("producerGroup", group));
        if (r.getCode() != ResponseCode.SUCCESS) {
            return null;
        }
        return RemotingJson.decode(r.getBody(), ProducerConnection.class);
    }

    /**
     * Asks the broker to reset an online group's offsets on {@code topic} to {@code timestamp}
     * (INVOKE_BROKER_TO_RESET_OFFSET); returns queue id to new offset, or null when nobody of the group is
     * online there (the caller then sets the offsets itself).
     */
    public Map<Integer, Long> resetOffsetOfOnlineGroup(String addr, String topic, String group, long timestamp,
                                                      boolean force) {
        RemotingCommand r = call(addr, RemotingCommand.createRequest(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET)
                .putExt("topic", topic).putExt("group", group).putExt("timestamp", timestamp)
                .putExt("isForce", force));
        if (r.getCode() == ResponseCode.CONSUMER_NOT_ONLINE) {
            return null;
        }
        ResetOffsetBody body = RemotingJson.decode(expectOk(addr, r).getBody(), ResetOffsetBody.class);
        Map<Integer, Long> byQueue = new java.util.TreeMap<>();
        body.getOffsetTable().forEach((q, offset) -> byQueue.put(q.getQueueId(), offset));
        return byQueue;
    }

    /** The first offset of a queue stored at or after {@code timestamp} (SEARCH_OFFSET_BY_TIMESTAMP). */
    public long offsetByTime(String addr, String topic, int queueId, long timestamp) {
        return callOk(addr, RemotingCommand.createRequest(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP).putExt("topic", topic)
                .putExt("queueId", queueId).putExt("timestamp", timestamp)).requireExtLong("offset");
    }

    /** What one consumer client says of itself (GET_CONSUMER_RUNNING_INFO through the broker): its JSON. */
    public String consumerRunningInfo(String addr, String group, String clientId, boolean jstack) {
        RemotingCommand r = callOk(addr, RemotingCommand.createRequest(RequestCode.GET_CONSUMER_RUNNING_INFO)
                .putExt("consumerGroup", group).putExt("clientId", clientId).putExt("jstackEnable", jstack));
        return r.getBody() == null ? "" : new String(r.getBody(), StandardCharsets.UTF_8);
    }

    /** Copies a group's offsets to another group (CLONE_GROUP_OFFSET); every topic when {@code topic} is null. */
    public void cloneGroupOffset(String addr, String srcGroup, String destGroup, String topic, boolean offline) {
        RemotingCommand request = RemotingCommand.createRequest(RequestCode.CLONE_GROUP_OFFSET)
                .putExt("srcGroup", srcGroup).putExt("destGroup", destGroup).putExt("offline", offline);
        if (topic != null) {
            request.putExt("topic", topic);
        }
        callOk(addr, request);
    }

    /** Sets a group's offset of one queue (UPDATE_CONSUMER_OFFSET). */
    public void updateConsumerOffset(String addr, String group, String topic, int queueId, long offset) {
        callOk(addr, RemotingCommand.createRequest(RequestCode.UPDATE_CONSUMER_OFFSET).putExt("consumerGroup", group)
                .putExt("topic", topic).putExt("queueId", queueId).putExt("commitOffset", offset));
    }

    /** The broker's settings now (GET_BROKER_CONFIG), {@code key=value} lines. */
    public String brokerConfig(String addr) {
        RemotingCommand r = callOk(addr, RemotingCommand.createRequest(RequestCode.GET_BROKER_CONFIG));
        return r.getBody() == null ? "" : new String(r.getBody(), StandardCharsets.UTF_8);
    }

    /** Changes one setting while the broker runs (UPDATE_BROKER_CONFIG); the broker says which keys may. */
    public void updateBrokerConfig(String addr, String key, String value) {
        String line = key + "=" + value + "\n";
        callOk(addr, RemotingCommand.createRequest(RequestCode.UPDATE_BROKER_CONFIG)
                .setBody(line.getBytes(StandardCharsets.UTF_8)));
    }

    /** Every topic config of the broker (GET_ALL_TOPIC_CONFIG), system topics included. */
    public TopicConfigSerializeWrapper topicConfigs(String addr) {
        RemotingCommand r = callOk(addr, RemotingCommand.createRequest(RequestCode.GET_ALL_TOPIC_CONFIG));
        return RemotingJson.decode(r.getBody(), TopicConfigSerializeWrapper.class);
    }

    public SubscriptionGroupWrapper subscriptionGroups(String addr) {
        RemotingCommand r = callOk(addr, RemotingCommand.createRequest(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG));
        return RemotingJson.decode(r.getBody(), SubscriptionGroupWrapper.class);
    }

    public void updateSubscriptionGroup(String addr, SubscriptionGroupConfig config) {
        callOk(addr, RemotingCommand.createRequest(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP)
                .setBody(RemotingJson.encode(config)));
    }

    public void deleteSubscriptionGroup(String addr, String group, boolean removeOffset) {
        callOk(addr, RemotingCommand.createRequest(RequestCode.DELETE_SUBSCRIPTIONGROUP).putExt("groupName", group)
                .putExt("removeOffset", removeOffset));
    }

    public void updateTopic(String addr, TopicConfig config) {
        callOk(addr, RemotingCommand.createRequest(RequestCode.UPDATE_AND_CREATE_TOPIC)
                .putExt("topic", config.getTopicName())
                .putExt("defaultTopic", SystemTopics.AUTO_CREATE_TOPIC_KEY_TOPIC)
                .putExt("readQueueNums", config.getReadQueueNums())
                .putExt("writeQueueNums", config.getWriteQueueNums())
                .putExt("perm", config.getPerm())
                .putExt("topicFilterType", config.getTopicFilterType().name())
                .putExt("topicSysFlag", config.getTopicSysFlag())
                .putExt("order", config.isOrder()));
    }

    public void deleteTopicInBroker(String addr, String topic) {
        callOk(addr, RemotingCommand.createRequest(RequestCode.DELETE_TOPIC_IN_BROKER).putExt("topic", topic));
    }

    private RemotingCommand call(String addr, RemotingCommand request) {
        try {
            return client.invokeSync(addr, request, timeoutMillis);
        } catch (RuntimeException e) {
            throw new AdminException("broker " + addr + " did not answer: " + e.getMessage());
        }
    }

    private RemotingCommand callOk(String addr, RemotingCommand request) {
        return expectOk(addr, call(addr, request));
    }

    private static RemotingCommand expectOk(String addr, RemotingCommand response) {
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new AdminException("broker " + addr + " answered code " + response.getCode() + ": "
                    + response.getRemark());
        }
        return response;
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
