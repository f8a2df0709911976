package io.ferrymq.tools.admin;

import io.ferrymq.remoting.netty.NettyClientConfig;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.KVTable;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.ferrymq.remoting.protocol.body.TopicList;
import io.ferrymq.remoting.protocol.route.ClusterInfo;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Admin requests to name servers. Each call goes to the first address that answers. */
public final class NamesrvAdmin implements AutoCloseable {
    private final List<String> namesrvAddrs;
    private final long timeoutMillis;
    private final NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());

    public NamesrvAdmin(String namesrvAddrList, long timeoutMillis) {
        this.namesrvAddrs = List.of(namesrvAddrList.split(";"));
        this.timeoutMillis = timeoutMillis;
    }

    /** The name servers this admin talks to, as a {@code ;}-separated list. */
    public String namesrvAddrList() {
        return String.join(";", namesrvAddrs);
    }

    /** Sends to each name server in turn until one answers; fails with the last error. */
    private RemotingCommand call(RemotingCommand request) {
        RuntimeException last = null;
        for (String addr : namesrvAddrs) {
            try {
                return client.invokeSync(addr.trim(), request, timeoutMillis);
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new AdminException("no name server answered (" + String.join(";", namesrvAddrs) + "): "
                + (last == null ? "no address" : last.getMessage()));
    }

    private RemotingCommand callExpectingSuccess(RemotingCommand request) {
        RemotingCommand response = call(request);
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new AdminException("request " + request.getCode() + " failed with code " + response.getCode()
                    + ": " + response.getRemark());
        }
        return response;
    }

    public ClusterInfo clusterInfo() {
        RemotingCommand response = callExpectingSuccess(RemotingCommand.createRequest(RequestCode.GET_BROKER_CLUSTER_INFO));
        return RemotingJson.decode(response.getBody(), ClusterInfo.class);
    }

    public TopicList topicList() {
        RemotingCommand response =
                callExpectingSuccess(RemotingCommand.createRequest(RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER));
        return RemotingJson.decode(response.getBody(), TopicList.class);
    }

    /** The route of {@code topic}, or null when the name server knows no such topic. */
    public TopicRouteData topicRoute(String topic) {
        RemotingCommand response = call(RemotingCommand.createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                .putExt("topic", topic));
        if (response.getCode() == ResponseCode.TOPIC_NOT_EXIST) {
            return null;
        }
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new AdminException("route lookup failed with code " + response.getCode() + ": " + response.getRemark());
        }
        return RemotingJson.decode(response.getBody(), TopicRouteData.class);
    }

    public String namesrvConfig() {
        RemotingCommand response = callExpectingSuccess(RemotingCommand.createRequest(RequestCode.GET_NAMESRV_CONFIG));
        return response.getBody() == null ? "" : new String(response.getBody(), StandardCharsets.UTF_8);
    }

    public void putKVConfig(String namespace, String key, String value) {
        for (String addr : namesrvAddrs) {
            RemotingCommand response = client.invokeSync(addr.trim(), RemotingCommand.createRequest(
                    RequestCode.PUT_KV_CONFIG).putExt("namespace", namespace).putExt("key", key).putExt("value", value),
                    timeoutMillis);
            if (response.getCode() != ResponseCode.SUCCESS) {
                throw new AdminException("put KV config on " + addr + " failed: " + response.getRemark());
            }
        }
    }

    public void deleteKVConfig(String namespace, String key) {
        for (String addr : namesrvAddrs) {
            client.invokeSync(addr.trim(), RemotingCommand.createRequest(RequestCode.DELETE_KV_CONFIG)
                    .putExt("namespace", namespace).putExt("key", key), timeoutMillis);
        }
    }

    /** The value, or null when the key is not set. */
    public String getKVConfig(String namespace, String key) {
        RemotingCommand response = call(RemotingCommand.createRequest(RequestCode.GET_KV_CONFIG)
                .putExt("namespace", namespace).putExt("key", key));
        return response.getCode() == ResponseCode.SUCCESS ? response.ext("value") : null;
    }

    public KVTable kvList(String namespace) {
        RemotingCommand response = call(RemotingCommand.createRequest(RequestCode.GET_KVLIST_BY_NAMESPACE)
                .putExt("namespace", namespace));
        return response.getCode() == ResponseCode.SUCCESS ? RemotingJson.decode(response.getBody(), KVTable.class)
                : new KVTable();
    }

    /** Clears (or restores) write permission of a broker group on every name server; returns topic counts. */
    public int updateWritePerm(String brokerName, boolean writable) {
        int total = 0;
        int code = writable ? RequestCode.ADD_WRITE_PERM_OF_BROKER : RequestCode.WIPE_WRITE_PERM_OF_BROKER;
        String countKey = writable ? "addTopicCount" : "wipeTopicCount";
        for (String addr : namesrvAddrs) {
            RemotingCommand response = client.invokeSync(addr.trim(),
                    RemotingCommand.createRequest(code).putExt("brokerName", brokerName), timeoutMillis);
            if (response.getCode() != ResponseCode.SUCCESS) {
                throw new AdminException("write-perm update on " + addr + " failed: " + response.getRemark());
            }
            total += response.extInt(countKey, 0);
        }
        return total;
    }

    /** Removes {@code topic} from the routes of every name server ({@code cluster} limits it to one cluster). */
    public void deleteTopic(String topic, String cluster) {
        for (String addr : namesrvAddrs) {
            RemotingCommand request = RemotingCommand.createRequest(RequestCode.DELETE_TOPIC_IN_NAMESRV)
                    .putExt("topic", topic);
            if (cluster != null) {
                request.putExt("clusterName", cluster);
            }
            RemotingCommand response = client.invokeSync(addr.trim(), request, timeoutMillis);
            if (response.getCode() != ResponseCode.SUCCESS) {
                throw new AdminException("delete topic on name server " + addr + " failed: " + response.getRemark());
            }
        }
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
