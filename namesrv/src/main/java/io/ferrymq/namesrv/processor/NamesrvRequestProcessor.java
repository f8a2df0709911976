package io.ferrymq.namesrv.processor;

import io.ferrymq.namesrv.NamesrvConfig;
import io.ferrymq.namesrv.kv.KVConfigManager;
import io.ferrymq.namesrv.route.RegisterBrokerBodyCodec;
import io.ferrymq.namesrv.route.RegisterResult;
import io.ferrymq.namesrv.route.RouteInfoManager;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.DataVersion;
import io.ferrymq.remoting.protocol.body.KVTable;
import io.ferrymq.remoting.protocol.body.RegisterBrokerBody;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.ferrymq.remoting.protocol.body.TopicList;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every request a name server answers, dispatched through a code → handler table. The codes and
 * header keys are RocketMQ's, so brokers, clients and {@code mqadmin} of either project work.
 */
public final class NamesrvRequestProcessor implements RequestProcessor {
    /** Topic sysFlag bits of unit topics. */
    private static final int FLAG_UNIT = 0x1;
    private static final int FLAG_UNIT_SUB = 0x2;

    @FunctionalInterface
    private interface Handler {
        RemotingCommand handle(ChannelHandlerContext ctx, RemotingCommand request);
    }

    private final NamesrvConfig config;
    private final RouteInfoManager routes;
    private final KVConfigManager kvConfig;
    private final Map<Integer, Handler> handlers = new HashMap<>();

    public NamesrvRequestProcessor(NamesrvConfig config, RouteInfoManager routes, KVConfigManager kvConfig) {
        this.config = config;
        this.routes = routes;
        this.kvConfig = kvConfig;
        handlers.put(RequestCode.PUT_KV_CONFIG, (ctx, r) -> putKVConfig(r));
        handlers.put(RequestCode.GET_KV_CONFIG, (ctx, r) -> getKVConfig(r));
        handlers.put(RequestCode.DELETE_KV_CONFIG, (ctx, r) -> deleteKVConfig(r));
        handlers.put(RequestCode.GET_KVLIST_BY_NAMESPACE, (ctx, r) -> getKVListByNamespace(r));
        handlers.put(RequestCode.REGISTER_BROKER, this::registerBroker);
        handlers.put(RequestCode.UNREGISTER_BROKER, (ctx, r) -> unregisterBroker(r));
        handlers.put(RequestCode.QUERY_DATA_VERSION, (ctx, r) -> queryDataVersion(r));
        handlers.put(RequestCode.GET_ROUTEINFO_BY_TOPIC, (ctx, r) -> getRouteInfoByTopic(r));
        handlers.put(RequestCode.GET_BROKER_CLUSTER_INFO,
                (ctx, r) -> success(r).setBody(RemotingJson.encode(routes.clusterInfo())));
        handlers.put(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER, (ctx, r) -> topicList(r, routes.allTopics()));
        handlers.put(RequestCode.GET_TOPICS_BY_CLUSTER,
                (ctx, r) -> topicList(r, routes.topicsByCluster(r.requireExt("cluster"))));
        handlers.put(RequestCode.GET_SYSTEM_TOPIC_LIST_FROM_NS, (ctx, r) -> systemTopicList(r));
        handlers.put(RequestCode.GET_UNIT_TOPIC_LIST, (ctx, r) -> topicList(r, routes.topicsWithSysFlag(FLAG_UNIT, 0)));
        handlers.put(RequestCode.GET_HAS_UNIT_SUB_TOPIC_LIST,
                (ctx, r) -> topicList(r, routes.topicsWithSysFlag(FLAG_UNIT_SUB, 0)));
        handlers.put(RequestCode.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST,
                (ctx, r) -> topicList(r, routes.topicsWithSysFlag(FLAG_UNIT_SUB, FLAG_UNIT)));
        handlers.put(RequestCode.DELETE_TOPIC_IN_NAMESRV, (ctx, r) -> deleteTopic(r));
        handlers.put(RequestCode.WIPE_WRITE_PERM_OF_BROKER, (ctx, r) -> writePerm(r, false, "wipeTopicCount"));
        handlers.put(RequestCode.ADD_WRITE_PERM_OF_BROKER, (ctx, r) -> writePerm(r, true, "addTopicCount"));
        handlers.put(RequestCode.GET_NAMESRV_CONFIG, (ctx, r) -> getNamesrvConfig(r));
        handlers.put(RequestCode.UPDATE_NAMESRV_CONFIG, (ctx, r) -> updateNamesrvConfig(r));
    }

    /** The codes this processor answers; the server must route only these to it. */
    public Set<Integer> codes() {
        return handlers.keySet();
    }

    @Override
    public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) {
        return handlers.get(request.getCode()).handle(ctx, request);
    }

    private static RemotingCommand success(RemotingCommand request) {
        return RemotingCommand.createResponse(request, ResponseCode.SUCCESS, null);
    }

    private static RemotingCommand error(RemotingCommand request, int code, String remark) {
        return RemotingCommand.createResponse(request, code, remark);
    }

    // ---- KV config --------------------------------------------------------------------------

    private RemotingCommand putKVConfig(RemotingCommand r) {
        kvConfig.put(r.requireExt("namespace"), r.requireExt("key"), r.requireExt("value"));
        return success(r);
    }

    private RemotingCommand getKVConfig(RemotingCommand r) {
        String namespace = r.requireExt("namespace");
        String key = r.requireExt("key");
        String value = kvConfig.get(namespace, key);
        if (value == null) {
            return error(r, ResponseCode.QUERY_NOT_FOUND, "No config item, Namespace: " + namespace + " Key: " + key);
        }
        return success(r).putExt("value", value);
    }

    private RemotingCommand deleteKVConfig(RemotingCommand r) {
        kvConfig.delete(r.requireExt("namespace"), r.requireExt("key"));
        return success(r);
    }

    private RemotingCommand getKVListByNamespace(RemotingCommand r) {
        String namespace = r.requireExt("namespace");
        Map<String, String> table = kvConfig.namespace(namespace);
        if (table == null) {
            return error(r, ResponseCode.QUERY_NOT_FOUND, "No config item, Namespace: " + namespace);
        }
        return success(r).setBody(RemotingJson.encode(new KVTable(table)));
    }

    // ---- brokers ----------------------------------------------------------------------------

    private RemotingCommand registerBroker(ChannelHandlerContext ctx, RemotingCommand r) {
        String brokerName = r.requireExt("brokerName");
        String brokerAddr = r.requireExt("brokerAddr");
        String clusterName = r.requireExt("clusterName");
        String haServerAddr = r.requireExt("haServerAddr");
        long brokerId = r.requireExtLong("brokerId");
        boolean compressed = r.extBoolean("compressed", false);
        int bodyCrc32 = r.extInt("bodyCrc32", 0);
        long timeoutMillis = r.extLong("heartbeatTimeoutMillis", 0);
        byte[] body = r.getBody();
        RegisterBrokerBody registerBody = null;
        if (body != null && body.length > 0) {
            if (bodyCrc32 != 0 && RegisterBrokerBodyCodec.crc32(body) != bodyCrc32) {
                return error(r, ResponseCode.SYSTEM_ERROR, "register broker body crc32 mismatch from " + brokerAddr);
            }
            registerBody = RegisterBrokerBodyCodec.decode(body, compressed);
        }
        RegisterResult result = routes.registerBroker(clusterName, brokerAddr, brokerName, brokerId, haServerAddr,
                registerBody == null ? null : registerBody.getTopicConfigSerializeWrapper(), ctx.channel(),
                timeoutMillis);
        RemotingCommand response = success(r).putExt("masterAddr", result.masterAddr())
                .putExt("haServerAddr", result.haServerAddr());
        Map<String, String> orderConf = kvConfig.namespace(KVConfigManager.ORDER_TOPIC_CONFIG);
        if (orderConf != null) {
            response.setBody(RemotingJson.encode(new KVTable(orderConf)));
        }
        return response;
    }

    private RemotingCommand unregisterBroker(RemotingCommand r) {
        routes.unregisterBroker(r.requireExt("clusterName"), r.requireExt("brokerAddr"), r.requireExt("brokerName"),
                r.requireExtLong("brokerId"));
        return success(r);
    }

    private RemotingCommand queryDataVersion(RemotingCommand r) {
        String brokerAddr = r.requireExt("brokerAddr");
        DataVersion theirs = RemotingJson.decode(r.getBody(), DataVersion.class);
        boolean changed = routes.isBrokerTopicConfigChanged(brokerAddr, theirs);
        if (!changed) {
            routes.touch(brokerAddr);
        }
        DataVersion ours = routes.dataVersionOf(brokerAddr);
        RemotingCommand response = success(r).putExt("changed", changed);
        if (ours != null) {
            response.setBody(RemotingJson.encode(ours));
        }
        return response;
    }

    // ---- routes and topics ------------------------------------------------------------------

    private RemotingCommand getRouteInfoByTopic(RemotingCommand r) {
        String topic = r.requireExt("topic");
        TopicRouteData route = routes.pickupTopicRouteData(topic);
        if (route == null) {
            return error(r, ResponseCode.TOPIC_NOT_EXIST, "No topic route info in name server for the topic: " + topic);
        }
        if (config.orderMessageEnable()) {
            route.setOrderTopicConf(kvConfig.get(KVConfigManager.ORDER_TOPIC_CONFIG, topic));
        }
        return success(r).setBody(RemotingJson.encode(route));
    }

    private static RemotingCommand topicList(RemotingCommand r, Set<String> topics) {
        return success(r).setBody(RemotingJson.encode(new TopicList(topics)));
    }

    private RemotingCommand systemTopicList(RemotingCommand r) {
        TopicList list = new TopicList(routes.systemTopics());
        list.setBrokerAddr(routes.anyMasterAddr());
        return success(r).setBody(RemotingJson.encode(list));
    }

    private RemotingCommand deleteTopic(RemotingCommand r) {
        routes.deleteTopic(r.requireExt("topic"), r.ext("clusterName"));
        return success(r);
    }

    private RemotingCommand writePerm(RemotingCommand r, boolean writable, String countKey) {
        int count = routes.updateWritePerm(r.requireExt("brokerName"), writable);
        return success(r).putExt(countKey, count);
    }

    /** Only settings that are safe to change while running; the others need a restart. */
    private RemotingCommand updateNamesrvConfig(RemotingCommand r) {
        java.util.Properties props = new java.util.Properties();
        try {
            props.load(new java.io.StringReader(r.getBody() == null ? ""
                    : new String(r.getBody(), StandardCharsets.UTF_8)));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return error(r, ResponseCode.SYSTEM_ERROR, "config body is not a properties text: " + e.getMessage());
        }
        for (String key : props.stringPropertyNames()) {
            if (!key.equals("orderMessageEnable")) {
                return error(r, ResponseCode.SYSTEM_ERROR, "config key '" + key
                        + "' cannot be changed at runtime: edit namesrv.conf and restart");
            }
        }
        String order = props.getProperty("orderMessageEnable");
        if (order != null) {
            if (!order.trim().equalsIgnoreCase("true") && !order.trim().equalsIgnoreCase("false")) {
                return error(r, ResponseCode.SYSTEM_ERROR, "orderMessageEnable must be true or false");
            }
            config.orderMessageEnable(Boolean.parseBoolean(order.trim()));
        }
        return success(r);
    }

    private RemotingCommand getNamesrvConfig(RemotingCommand r) {
        String text = config.asMap().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        return success(r).setBody(text.getBytes(StandardCharsets.UTF_8));
    }
}
