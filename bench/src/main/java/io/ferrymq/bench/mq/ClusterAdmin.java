package io.ferrymq.bench.mq;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.internal.TopicRoute;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.ferrymq.remoting.protocol.route.BrokerData;
import io.ferrymq.remoting.protocol.route.ClusterInfo;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The few admin calls a benchmark needs, as plain remoting requests so they work against any
 * RocketMQ-protocol server: topic creation on every master (UPDATE_AND_CREATE_TOPIC), the route as
 * the name server has it, and queue offsets.
 */
public final class ClusterAdmin {
    private static final long TIMEOUT_MILLIS = 5_000;
    private static final int PERM_READ_WRITE = 6;

    private final NettyRemotingClient remoting;
    private final String namesrv;

    public ClusterAdmin(NettyRemotingClient remoting, String namesrv) {
        this.remoting = remoting;
        this.namesrv = namesrv;
    }

    /**
     * The route of {@code topic}; when the name server has none, creates the topic with {@code queues}
     * read and write queues on every broker master it knows, then waits (at most {@code wait}) until
     * the route shows them.
     */
    public TopicRoute ensureTopic(String topic, int queues, Duration wait) throws InterruptedException {
        TopicRoute route = route(topic);
        if (route != null && !route.writeQueues().isEmpty()) {
            return route;
        }
        List<String> masters = masters();
        if (masters.isEmpty()) {
            throw new ClientException("the name server " + namesrv + " knows no broker master");
        }
        for (String addr : masters) {
            RemotingCommand request = RemotingCommand.createRequest(RequestCode.UPDATE_AND_CREATE_TOPIC)
                    .putExt("topic", topic)
                    .putExt("defaultTopic", "TBW102")
                    .putExt("readQueueNums", queues)
                    .putExt("writeQueueNums", queues)
                    .putExt("perm", PERM_READ_WRITE)
                    .putExt("topicFilterType", "SINGLE_TAG")
                    .putExt("topicSysFlag", 0)
                    .putExt("order", false);
            expectSuccess(remoting.invokeSync(addr, request, TIMEOUT_MILLIS), "create topic " + topic + " on " + addr);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() - deadline < 0) {
            route = route(topic);
            if (route != null && route.writeQueues().size() >= queues * masters.size()) {
                return route;
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling the name server until the broker registered the topic
        }
        throw new ClientException("topic " + topic + " was created but the name server showed no route for it within "
                + wait.toSeconds() + " s");
    }

    /** The name server's route of {@code topic}, or null when it has none. */
    public TopicRoute route(String topic) {
        RemotingCommand response = remoting.invokeSync(namesrv,
                RemotingCommand.createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC).putExt("topic", topic), TIMEOUT_MILLIS);
        if (response.getCode() == ResponseCode.TOPIC_NOT_EXIST) {
            return null;
        }
        expectSuccess(response, "route of " + topic);
        return TopicRoute.of(topic, RemotingJson.decode(response.getBody(), TopicRouteData.class));
    }

    /** Addresses of every broker master registered with the name server. */
    public List<String> masters() {
        RemotingCommand response = remoting.invokeSync(namesrv,
                RemotingCommand.createRequest(RequestCode.GET_BROKER_CLUSTER_INFO), TIMEOUT_MILLIS);
        expectSuccess(response, "cluster info");
        List<String> masters = new ArrayList<>();
        for (BrokerData broker : RemotingJson.decode(response.getBody(), ClusterInfo.class).getBrokerAddrTable().values()) {
            if (broker.masterAddr() != null) {
                masters.add(broker.masterAddr());
            }
        }
        return masters;
    }

    /** The next offset to be written in {@code queue} (its message count on a fresh store). */
    public long maxOffset(String brokerAddr, MessageQueue queue) {
        RemotingCommand response = remoting.invokeSync(brokerAddr, RemotingCommand.createRequest(RequestCode.GET_MAX_OFFSET)
                .putExt("topic", queue.topic()).putExt("queueId", queue.queueId()), TIMEOUT_MILLIS);
        expectSuccess(response, "max offset of " + queue);
        return response.requireExtLong("offset");
    }

    /** The sum of {@link #maxOffset} over every readable queue of {@code route}. */
    public long totalMaxOffset(TopicRoute route) {
        long sum = 0;
        for (MessageQueue q : route.readQueues()) {
            sum += maxOffset(route.masterAddr(q.brokerName()), q);
        }
        return sum;
    }

    private static void expectSuccess(RemotingCommand response, String what) {
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new ClientException(response.getCode(), what + " failed (code " + response.getCode() + "): "
                    + response.getRemark());
        }
    }
}
