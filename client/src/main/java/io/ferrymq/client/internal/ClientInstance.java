package io.ferrymq.client.internal;

import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.exception.RemotingException;
import io.ferrymq.remoting.netty.NettyClientConfig;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.ferrymq.remoting.protocol.route.QueueData;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the producers and consumers of one client share: the connections, the route cache kept fresh
 * from the name servers, and the periodic heartbeat to every broker master known. Requests brokers send
 * to consumers (NOTIFY_CONSUMER_IDS_CHANGED, GET_CONSUMER_RUNNING_INFO) are answered here.
 */
public final class ClientInstance implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientInstance.class);

    private final ClientConfig config;
    private final NettyRemotingClient remoting;
    private final ScheduledExecutorService scheduler;
    private final Map<String, TopicRoute> routes = new ConcurrentHashMap<>();
    private final Set<String> producerGroups = ConcurrentHashMap.newKeySet();
    private final AtomicInteger namesrvIndex = new AtomicInteger();
    private final TransactionCheckRouter transactionChecks = new TransactionCheckRouter();
    private final Map<String, ConsumerMember> consumers = new ConcurrentHashMap<>();
    /** Topics routed only by their own route (never the TBW102 template): what consumers read. */
    private final Set<String> exactTopics = ConcurrentHashMap.newKeySet();
    private final ExecutorService brokerRequests;
    /** Queues a producer asks for when its send auto-creates a topic (RocketMQ's default). */
    private static final int AUTO_CREATE_QUEUES = 4;

    /** Instances handed out by {@link #acquire}, one per client id, with their holder counts. */
    private static final Map<String, ClientInstance> SHARED = new java.util.HashMap<>();
    private int holders;

    /**
     * The process-wide instance of {@code config}'s client id ({@code ip@instanceName}), created on first
     * use; every {@code acquire} must be paired with a {@link #release}. Consumers use it, so that one
     * client id is one instance (one connection per broker, one heartbeat listing all its groups).
     *
     * @throws IllegalStateException when that client id is already in use with other name servers
     */
    public static ClientInstance acquire(ClientConfig config) {
        synchronized (SHARED) {
            ClientInstance instance = SHARED.get(config.clientId());
            if (instance == null) {
                instance = new ClientInstance(config);
                SHARED.put(config.clientId(), instance);
            } else if (!instance.config.namesrvAddrs().equals(config.namesrvAddrs())) {
                throw new IllegalStateException("client " + config.clientId() + " already runs with name servers "
                        + instance.config.namesrvAddrs() + "; give this one another instanceName");
            }
            instance.holders++;
            return instance;
        }
    }

    /** Gives back an instance from {@link #acquire}; the last holder closes it. */
    public void release() {
        synchronized (SHARED) {
            if (--holders > 0 || SHARED.get(config.clientId()) != this) {
                return;
            }
            SHARED.remove(config.clientId());
        }
        close();
    }

    /** A client instance of its own (not the shared one of its client id); close it when done. */
    public ClientInstance(ClientConfig config) {
        this.config = config;
        this.remoting = new NettyRemotingClient(new NettyClientConfig());
        this.scheduler = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("FerryClientScheduler", true));
        long refresh = config.routeRefreshInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::refreshRoutesQuietly, refresh, refresh, TimeUnit.MILLISECONDS);
        long heartbeat = config.heartbeatInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::heartbeatQuietly, heartbeat, heartbeat, TimeUnit.MILLISECONDS);
        this.brokerRequests = Executors.newSingleThreadExecutor(new DefaultThreadFactory("FerryClientBrokerRequests", true));
        RequestProcessor fromBroker = (ctx, request) -> switch (request.getCode()) {
            case RequestCode.NOTIFY_CONSUMER_IDS_CHANGED -> consumerIdsChanged(request);
            default -> ConsumerRunningInfo.answer(request, consumers);
        };
        remoting.registerProcessor(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED, fromBroker, brokerRequests);
        remoting.registerProcessor(RequestCode.GET_CONSUMER_RUNNING_INFO, fromBroker, brokerRequests);
    }

    /** The settings this instance was built with. */
    public ClientConfig config() {
        return config;
    }

    /** The connections to name servers and brokers, shared by everything built on this instance. */
    public NettyRemotingClient remoting() {
        return remoting;
    }

    /** The request timeout, in milliseconds. */
    public long timeoutMillis() {
        return config.requestTimeout().toMillis();
    }

    /** Names {@code group} in heartbeats from now on, and heartbeats at once. */
    public void registerProducerGroup(String group) {
        producerGroups.add(group);
        heartbeatQuietly();
    }

    /** Drops {@code group} from heartbeats and tells every broker (UNREGISTER_CLIENT). */
    public void unregisterProducerGroup(String group) {
        producerGroups.remove(group);
        for (String addr : brokerAddrs()) {
            try {
                remoting.invokeSync(addr, RemotingCommand.createRequest(RequestCode.UNREGISTER_CLIENT)
                        .putExt("clientID", config.clientId()).putExt("producerGroup", group), timeoutMillis());
            } catch (RemotingException e) {
                LOG.debug("unregister of {} from {} failed: {}", group, addr, e.getMessage());
            }
        }
    }

    /**
     * Adds a consumer: its group joins every heartbeat from now on (the consumer sends one with
     * {@link #heartbeatSync()} before its first pull, so that brokers know its subscriptions).
     *
     * @throws IllegalStateException when this instance already has a consumer of that group
     */
    public void registerConsumer(ConsumerMember consumer) {
        if (consumers.putIfAbsent(consumer.group(), consumer) != null) {
            throw new IllegalStateException("consumer group " + consumer.group() + " already has a consumer in client "
                    + config.clientId() + "; give the second consumer its own instanceName");
        }
    }

    /** Removes a consumer and tells every known broker (UNREGISTER_CLIENT), so its group rebalances at once. */
    public void unregisterConsumer(String group) {
        if (consumers.remove(group) == null) {
            return;
        }
        for (String addr : brokerAddrs()) {
            try {
                remoting.invokeSync(addr, RemotingCommand.createRequest(RequestCode.UNREGISTER_CLIENT)
                        .putExt("clientID", config.clientId()).putExt("consumerGroup", group), timeoutMillis());
            } catch (RemotingException e) {
                LOG.debug("unregister of consumer group {} from {} failed: {}", group, addr, e.getMessage());
            }
        }
    }

    /**
     * The route of a topic consumers read: from the cache or the name servers, never the auto-create
     * template. Throws {@link ClientException} with {@link ResponseCode#TOPIC_NOT_EXIST} when there is none.
     */
    public TopicRoute consumerRoute(String topic) {
        exactTopics.add(topic);
        TopicRoute route = routes.get(topic);
        return route != null ? route : fetchExactRoute(topic);
    }

    /** Asks the name servers again for a topic consumers read (after a rebalance found no route). */
    public TopicRoute refreshConsumerRoute(String topic) {
        exactTopics.add(topic);
        return fetchExactRoute(topic);
    }

    /** The route of {@code topic}, from the cache or the name servers. Throws when there is none. */
    public TopicRoute route(String topic) {
        TopicRoute route = routes.get(topic);
        return route != null ? route : fetchRoute(topic);
    }

    /**
     * Asks the name servers and caches the answer. A topic they don't know yet is routed like the
     * auto-create template {@code TBW102} (at most 4 queues), as RocketMQ producers do, so a broker
     * with autoCreateTopicEnable creates it on the first send.
     */
    public TopicRoute fetchRoute(String topic) {
        try {
            return fetchExactRoute(topic);
        } catch (ClientException e) {
            if (e.responseCode() != ResponseCode.TOPIC_NOT_EXIST
                    || topic.equals(SystemTopics.AUTO_CREATE_TOPIC_KEY_TOPIC)) {
                throw e;
            }
            TopicRouteData template;
            try {
                template = fetchRouteData(SystemTopics.AUTO_CREATE_TOPIC_KEY_TOPIC);
            } catch (ClientException noTemplate) {
                throw e;
            }
            for (QueueData q : template.getQueueDatas()) {
                q.setReadQueueNums(Math.min(AUTO_CREATE_QUEUES, q.getReadQueueNums()));
                q.setWriteQueueNums(Math.min(AUTO_CREATE_QUEUES, q.getWriteQueueNums()));
            }
            TopicRoute route = TopicRoute.of(topic, template);
            remember(topic, route);
            return route;
        }
    }

    private TopicRoute fetchExactRoute(String topic) {
        TopicRoute route = TopicRoute.of(topic, fetchRouteData(topic));
        remember(topic, route);
        return route;
    }

    /**
     * Caches a route; a broker seen for the first time gets a heartbeat at once, so it knows this
     * client's producer groups (and can send check-backs) without waiting for the periodic one.
     */
    private void remember(String topic, TopicRoute route) {
        boolean newBroker = !brokerAddrs().containsAll(route.masterAddrs().values());
        routes.put(topic, route);
        if (newBroker) {
            try {
                scheduler.execute(this::heartbeatQuietly); // not on the caller's thread: connecting may take a while
            } catch (RejectedExecutionException closed) {
                LOG.debug("client closed; no heartbeat to the new broker of {}", topic);
            }
        }
    }

    private TopicRouteData fetchRouteData(String topic) {
        ClientException last = null;
        int n = config.namesrvAddrs().size();
        int start = Math.floorMod(namesrvIndex.getAndIncrement(), n);
        for (int i = 0; i < n; i++) {
            String addr = config.namesrvAddrs().get((start + i) % n);
            try {
                RemotingCommand response = remoting.invokeSync(addr, RemotingCommand.createRequest(
                        RequestCode.GET_ROUTEINFO_BY_TOPIC).putExt("topic", topic), timeoutMillis());
                if (response.getCode() == ResponseCode.TOPIC_NOT_EXIST) {
                    throw new ClientException(ResponseCode.TOPIC_NOT_EXIST, "no route for topic " + topic
                            + ": create it (mqadmin updateTopic) or enable autoCreateTopicEnable on the broker");
                }
                if (response.getCode() != ResponseCode.SUCCESS) {
                    throw new ClientException(response.getCode(), "route lookup of " + topic + " failed: "
                            + response.getRemark());
                }
                return RemotingJson.decode(response.getBody(), TopicRouteData.class);
            } catch (RemotingException e) {
                last = new ClientException(-1, "name server " + addr + " did not answer: " + e.getMessage(), e);
            }
        }
        throw last != null ? last : new ClientException("no name server configured");
    }

    private Set<String> brokerAddrs() {
        Set<String> addrs = ConcurrentHashMap.newKeySet();
        routes.values().forEach(r -> addrs.addAll(r.masterAddrs().values()));
        return addrs;
    }

    private void refreshRoutesQuietly() {
        for (String topic : routes.keySet()) {
            try {
                if (exactTopics.contains(topic)) {
                    fetchExactRoute(topic);
                } else {
                    fetchRoute(topic);
                }
            } catch (ClientException e) {
                LOG.debug("route refresh of {} failed: {}", topic, e.getMessage());
            }
        }
    }

    /** Tells every known broker master which producer and consumer groups live here (needed for check-backs). */
    public void heartbeatQuietly() {
        if (producerGroups.isEmpty() && consumers.isEmpty()) {
            return;
        }
        byte[] body = heartbeatBody();
        for (String addr : brokerAddrs()) {
            try {
                remoting.invokeAsync(addr, RemotingCommand.createRequest(RequestCode.HEART_BEAT).setBody(body),
                        timeoutMillis(), (response, failure) -> {
                            if (failure != null) {
                                LOG.debug("heartbeat to {} failed: {}", addr, failure.getMessage());
                            }
                        });
            } catch (RemotingException e) {
                LOG.debug("heartbeat to {} failed: {}", addr, e.getMessage());
            }
        }
    }

    /**
     * Sends the brokers' CHECK_TRANSACTION_STATE requests for messages of {@code producerGroup} to
     * {@code handler}, on the client's transaction-check executor. One handler per group.
     */
    public void registerTransactionChecker(String producerGroup, Consumer<TransactionCheck> handler) {
        transactionChecks.register(producerGroup, handler);
        remoting.registerProcessor(RequestCode.CHECK_TRANSACTION_STATE, transactionChecks, transactionChecks.executor());
    }

    /** Stops routing check-backs of {@code producerGroup} to its handler. */
    public void unregisterTransactionChecker(String producerGroup) {
        transactionChecks.unregister(producerGroup);
    }

    /**
     * Sends a heartbeat to every known broker master and waits for the answers; true when every one
     * of them accepted it (and there was at least one).
     */
    public boolean heartbeatSync() {
        byte[] body = heartbeatBody();
        Set<String> addrs = brokerAddrs();
        boolean allAccepted = !addrs.isEmpty();
        for (String addr : addrs) {
            try {
                RemotingCommand response = remoting.invokeSync(addr, RemotingCommand.createRequest(RequestCode.HEART_BEAT)
                        .setBody(body), timeoutMillis());
                if (response.getCode() != ResponseCode.SUCCESS) {
                    LOG.warn("heartbeat refused by {}: code {} {}", addr, response.getCode(), response.getRemark());
                    allAccepted = false;
                }
            } catch (RemotingException e) {
                LOG.debug("heartbeat to {} failed: {}", addr, e.getMessage());
                allAccepted = false;
            }
        }
        return allAccepted;
    }

    private byte[] heartbeatBody() {
        List<Map<String, Object>> consumerData = new ArrayList<>();
        consumers.values().forEach(c -> consumerData.add(new LinkedHashMap<>(c.heartbeatData())));
        return HeartbeatBody.of(config.clientId(), producerGroups, consumerData);
    }

    private RemotingCommand consumerIdsChanged(RemotingCommand request) {
        ConsumerMember member = consumers.get(request.ext("consumerGroup"));
        if (member != null) {
            member.onConsumerIdsChanged();
        }
        return null;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        transactionChecks.close();
        brokerRequests.shutdownNow();
        remoting.shutdown();
    }
}
