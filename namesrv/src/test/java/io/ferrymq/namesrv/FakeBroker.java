package io.ferrymq.namesrv;

import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.remoting.netty.NettyClientConfig;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.body.DataVersion;
import io.ferrymq.remoting.protocol.body.RegisterBrokerBody;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import java.util.List;

/** Registers like a broker would, over a real connection, so the name server sees real requests. */
final class FakeBroker implements AutoCloseable {
    final String cluster;
    final String brokerName;
    final String brokerAddr;
    final long brokerId;
    private final NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());
    private long counter;

    FakeBroker(String cluster, String brokerName, String brokerAddr, long brokerId) {
        this.cluster = cluster;
        this.brokerName = brokerName;
        this.brokerAddr = brokerAddr;
        this.brokerId = brokerId;
    }

    RemotingCommand register(String namesrvAddr, List<TopicConfig> topics) {
        RegisterBrokerBody body = new RegisterBrokerBody();
        body.getTopicConfigSerializeWrapper().setDataVersion(new DataVersion(1_700_000_000_000L, ++counter));
        topics.forEach(t -> body.getTopicConfigSerializeWrapper().getTopicConfigTable().put(t.getTopicName(), t));
        RemotingCommand request = RemotingCommand.createRequest(RequestCode.REGISTER_BROKER)
                .putExt("brokerName", brokerName).putExt("brokerAddr", brokerAddr).putExt("clusterName", cluster)
                .putExt("haServerAddr", brokerAddr.replaceAll(":\\d+$", ":10912")).putExt("brokerId", brokerId)
                .putExt("compressed", false).setBody(RemotingJson.encode(body));
        return client.invokeSync(namesrvAddr, request, 3000);
    }

    RemotingCommand unregister(String namesrvAddr) {
        RemotingCommand request = RemotingCommand.createRequest(RequestCode.UNREGISTER_BROKER)
                .putExt("brokerName", brokerName).putExt("brokerAddr", brokerAddr).putExt("clusterName", cluster)
                .putExt("brokerId", brokerId);
        return client.invokeSync(namesrvAddr, request, 3000);
    }

    /** Drops the connection without unregistering, like a crashed broker. */
    void disconnect(String namesrvAddr) {
        client.closeChannel(namesrvAddr);
    }

    @Override
    public void close() {
        client.shutdown();
    }

    static TopicConfig topic(String name, int queues) {
        return new TopicConfig(name, queues, queues, 6);
    }
}
