package io.ferrymq.client.admin;

import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageId;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.topic.NameCheck;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.common.topic.TopicFilterType;
import io.ferrymq.common.topic.TopicValidator;
import io.ferrymq.remoting.RemotingAddress;
import io.ferrymq.remoting.exception.RemotingException;
import io.ferrymq.remoting.netty.NettyClientConfig;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.ferrymq.remoting.protocol.body.TopicList;
import io.ferrymq.remoting.protocol.route.BrokerData;
import io.ferrymq.remoting.protocol.route.ClusterInfo;
import io.ferrymq.remoting.protocol.route.QueueData;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Administration of a FerryMQ (or RocketMQ) deployment: topics, clusters, routes, message lookup,
 * queue offsets and consumer progress. Every call is synchronous with the config's request timeout
 * and throws {@link ClientException} (carrying the server's code) when a server refuses.
 *
 * <pre>{@code
 * try (AdminClient admin = AdminClient.create(ClientConfig.builder().namesrvAddr("127.0.0.1:9876").build())) {
 *     admin.createOrUpdateTopic("DefaultCluster", TopicSettings.of("OrderCreated", 8));
 * }
 * }</pre>
 */
public final class AdminClient implements AutoCloseable {
    /** The broker's cap on messages per QUERY_MESSAGE (RocketMQ's defaultQueryMaxNum). */
    private static final int MAX_QUERY_RESULTS = 32;
    private static final String UNIQUE_KEY_QUERY = "_UNIQUE_KEY_QUERY";

    private final ClientConfig config;
    private final NettyRemotingClient remoting = new NettyRemotingClient(new NettyClientConfig());

    private AdminClient(ClientConfig config) {
        this.config = config;
    }

    /** An admin client for the name servers of {@code config}; it connects on the first call. */
    public static AdminClient create(ClientConfig config) {
        return new AdminClient(config);
    }

    /** An admin client for {@code namesrvAddr} ({@code host:port}, several separated by {@code ;}). */
    public static AdminClient create(String namesrvAddr) {
        return new AdminClient(ClientConfig.builder().namesrvAddr(namesrvAddr).build());
    }

    // ---- name server --------------------------------------------------------------------------

    /** Every topic the name servers know (GET_ALL_TOPIC_LIST_FROM_NAMESERVER). */
    public Set<String> topics() {
        RemotingCommand r = namesrv(RemotingCommand.createRequest(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER));
        return new TreeSet<>(RemotingJson.decode(r.getBody(), TopicList.class).getTopicList());
    }

    /** Broker groups by cluster name (GET_BROKER_CLUSTER_INFO). */
    public Map<String, List<BrokerInfo>> clusters() {
        ClusterInfo info = RemotingJson.decode(namesrv(RemotingCommand.createRequest(
                RequestCode.GET_BROKER_CLUSTER_INFO)).getBody(), ClusterInfo.class);
        Map<String, List<BrokerInfo>> clusters = new TreeMap<>();
        info.getClusterAddrTable().forEach((cluster, names) -> {
            List<BrokerInfo> brokers = new ArrayList<>();
            for (String name : new TreeSet<>(names)) {
                BrokerData data = info.getBrokerAddrTable().get(name);
                if (data != null) {
                    brokers.add(brokerInfo(data));
                }
            }
            clusters.put(cluster, List.copyOf(brokers));
        });
        return clusters;
    }

    /** The route of {@code topic}; {@link ClientException} with code 17 when no broker has it. */
    public TopicRouteView route(String topic) {
        RemotingCommand r = namesrv(RemotingCommand.createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                .putExt("topic", topic));
        TopicRouteData data = RemotingJson.decode(r.getBody(), TopicRouteData.class);
        List<QueueInfo> queues = new ArrayList<>();
        for (QueueData q : data.getQueueDatas()) {
            queues.add(new QueueInfo(q.getBrokerName(), q.getReadQueueNums(), q.getWriteQueueNums(), q.getPerm()));
        }
        List<BrokerInfo> brokers = new ArrayList<>();
        data.getBrokerDatas().forEach(b -> brokers.add(brokerInfo(b)));
        return new TopicRouteView(topic, queues, brokers);
    }

    private static BrokerInfo brokerInfo(BrokerData data) {
        Map<Long, String> addrs = new TreeMap<>();
        data.getBrokerAddrs().forEach((id, addr) -> addrs.put(Long.parseLong(id.trim()), addr));
        return new BrokerInfo(data.getCluster(), data.getBrokerName(), addrs);
    }

    // ---- topics -------------------------------------------------------------------------------

    /**
     * Creates or updates a topic on the master of every broker group of {@code cluster}
     * (UPDATE_AND_CREATE_TOPIC); the brokers then register it with the name servers.
     */
    public void createOrUpdateTopic(String cluster, TopicSettings settings) {
        NameCheck name = TopicValidator.validateTopic(settings.topic());
        if (!name.valid()) {
            throw new IllegalArgumentException("topic: " + name.reason());
        }
        if (TopicValidator.isSystemTopic(settings.topic())) {
            throw new IllegalArgumentException("topic " + settings.topic() + " is a system topic");
        }
        for (String addr : masters(cluster)) {
            broker(addr, RemotingCommand.createRequest(RequestCode.UPDATE_AND_CREATE_TOPIC)
                    .putExt("topic", settings.topic())
                    .putExt("defaultTopic", SystemTopics.AUTO_CREATE_TOPIC_KEY_TOPIC)
                    .putExt("readQueueNums", settings.readQueueNums())
                    .putExt("writeQueueNums", settings.writeQueueNums())
                    .putExt("perm", settings.perm())
                    .putExt("topicFilterType", TopicFilterType.SINGLE_TAG.name())
                    .putExt("topicSysFlag", 0)
                    .putExt("order", settings.order()));
        }
    }

    /**
     * Deletes a topic from the masters of {@code cluster} (DELETE_TOPIC_IN_BROKER), then from every
     * name server (DELETE_TOPIC_IN_NAMESRV). Its messages stay on disk until retention removes them.
     */
    public void deleteTopic(String cluster, String topic) {
        if (TopicValidator.isSystemTopic(topic)) {
            throw new IllegalArgumentException("topic " + topic + " is a system topic");
        }
        for (String addr : masters(cluster)) {
            broker(addr, RemotingCommand.createRequest(RequestCode.DELETE_TOPIC_IN_BROKER).putExt("topic", topic));
        }
        for (String addr : config.namesrvAddrs()) {
            expectSuccess(call(addr, RemotingCommand.createRequest(RequestCode.DELETE_TOPIC_IN_NAMESRV)
                    .putExt("topic", topic).putExt("clusterName", cluster)), "name server " + addr);
        }
    }

    private List<String> masters(String cluster) {
        List<BrokerInfo> brokers = clusters().get(cluster);
        if (brokers == null || brokers.isEmpty()) {
            throw new ClientException("no broker registered in cluster " + cluster);
        }
        List<String> masters = new ArrayList<>();
        for (BrokerInfo b : brokers) {
            if (b.masterAddr() == null) {
                throw new ClientException("broker group " + b.brokerName() + " of " + cluster + " has no master now");
            }
            masters.add(b.masterAddr());
        }
        return masters;
    }

    // ---- messages -----------------------------------------------------------------------------

    /** The message stored at an offsetMsgId (VIEW_MESSAGE_BY_ID on the broker the id names). */
    public MessageExt viewMessage(String offsetMsgId) {
        MessageId id;
        try {
            id = MessageId.parse(offsetMsgId);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not an offsetMsgId: " + e.getMessage(), e);
        }
        RemotingCommand r = broker(RemotingAddress.toText(id.address()),
                RemotingCommand.createRequest(RequestCode.VIEW_MESSAGE_BY_ID).putExt("offset", id.offset()));
        return MessageRecord.decode(ByteBuffer.wrap(r.getBody()), true, true);
    }

    /** The message of {@code topic} with unique id (UNIQ_KEY) {@code msgId}, newest copy first. */
    public Optional<MessageExt> viewMessageByUniqueId(String topic, String msgId) {
        return query(topic, msgId, true, MAX_QUERY_RESULTS, 0, Long.MAX_VALUE).stream().findFirst();
    }

    /**
     * Messages of {@code topic} whose KEYS contain {@code key}, stored in {@code [beginMillis, endMillis]},
     * from every broker of the topic (QUERY_MESSAGE), at most {@code maxNum} (≤ 32) per broker.
     */
    public List<MessageExt> queryByKey(String topic, String key, int maxNum, long beginMillis, long endMillis) {
        return query(topic, key, false, maxNum, beginMillis, endMillis);
    }

    private List<MessageExt> query(String topic, String key, boolean uniqueKey, int maxNum, long begin, long end) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key is empty");
        }
        List<MessageExt> found = new ArrayList<>();
        for (BrokerInfo b : route(topic).brokers()) {
            if (b.masterAddr() == null) {
                continue;
            }
            RemotingCommand request = RemotingCommand.createRequest(RequestCode.QUERY_MESSAGE)
                    .putExt("topic", topic).putExt("key", key)
                    .putExt("maxNum", Math.min(Math.max(maxNum, 1), MAX_QUERY_RESULTS))
                    .putExt("beginTimestamp", begin).putExt("endTimestamp", end)
                    .putExt(UNIQUE_KEY_QUERY, uniqueKey);
            RemotingCommand r = call(b.masterAddr(), request);
            if (r.getCode() == ResponseCode.QUERY_NOT_FOUND) {
                continue;
            }
            expectSuccess(r, "broker " + b.masterAddr());
            for (MessageExt m : MessageRecord.decodeAll(ByteBuffer.wrap(r.getBody() == null ? new byte[0]
                    : r.getBody()))) {
                if (topic.equals(m.getTopic()) && (uniqueKey ? key.equals(m.getUniqKey()) : hasKey(m, key))) {
                    found.add(m);
                }
            }
        }
        return found;
    }

    private static boolean hasKey(MessageExt m, String key) {
        String keys = m.getKeys();
        return keys != null && List.of(keys.split(MessageConst.KEY_SEPARATOR)).contains(key);
    }

    // ---- offsets and progress -----------------------------------------------------------------

    /** The smallest offset still in {@code queue} (GET_MIN_OFFSET). */
    public long minOffset(MessageQueue queue) {
        return offset(RequestCode.GET_MIN_OFFSET, queue);
    }

    /** The next offset to be written in {@code queue} (GET_MAX_OFFSET). */
    public long maxOffset(MessageQueue queue) {
        return offset(RequestCode.GET_MAX_OFFSET, queue);
    }

    private long offset(int code, MessageQueue queue) {
        RemotingCommand r = broker(masterOf(queue.topic(), queue.brokerName()), RemotingCommand.createRequest(code)
                .putExt("topic", queue.topic()).putExt("queueId", queue.queueId()));
        return r.requireExtLong("offset");
    }

    private String masterOf(String topic, String brokerName) {
        for (BrokerInfo b : route(topic).brokers()) {
            if (b.brokerName().equals(brokerName) && b.masterAddr() != null) {
                return b.masterAddr();
            }
        }
        throw new ClientException("broker " + brokerName + " of topic " + topic + " has no master in the route");
    }

    /**
     * Progress of consumer {@code group} on {@code topic}, from every broker of the topic's route
     * (GET_CONSUME_STATS, RocketMQ's ConsumeStats body).
     */
    public ConsumeStats consumeStats(String group, String topic) {
        Map<MessageQueue, QueueProgress> offsets = new HashMap<>();
        double tps = 0;
        for (BrokerInfo b : route(topic).brokers()) {
            if (b.masterAddr() == null) {
                continue;
            }
            RemotingCommand r = broker(b.masterAddr(), RemotingCommand.createRequest(RequestCode.GET_CONSUME_STATS)
                    .putExt("consumerGroup", group).putExt("topic", topic));
            tps += ConsumeStatsJson.read(r.getBody(), offsets);
        }
        return new ConsumeStats(offsets, tps);
    }

    // ---- calls --------------------------------------------------------------------------------

    private RemotingCommand call(String addr, RemotingCommand request) {
        try {
            return remoting.invokeSync(addr, request, config.requestTimeout().toMillis());
        } catch (RemotingException e) {
            throw new ClientException(-1, addr + " did not answer request " + request.getCode() + ": "
                    + e.getMessage(), e);
        }
    }

    private RemotingCommand broker(String addr, RemotingCommand request) {
        return expectSuccess(call(addr, request), "broker " + addr);
    }

    /** Asks the name servers in turn until one answers; a refusal is not retried elsewhere. */
    private RemotingCommand namesrv(RemotingCommand request) {
        ClientException last = null;
        for (String addr : config.namesrvAddrs()) {
            RemotingCommand r;
            try {
                r = call(addr, request);
            } catch (ClientException e) {
                last = e;
                continue;
            }
            return expectSuccess(r, "name server " + addr);
        }
        throw last != null ? last : new ClientException("no name server configured");
    }

    private static RemotingCommand expectSuccess(RemotingCommand response, String who) {
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new ClientException(response.getCode(), who + " refused request (code " + response.getCode()
                    + "): " + response.getRemark());
        }
        return response;
    }

    @Override
    public void close() {
        remoting.shutdown();
    }
}
