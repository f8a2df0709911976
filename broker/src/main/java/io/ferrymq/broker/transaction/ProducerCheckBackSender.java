package io.ferrymq.broker.transaction;

import io.ferrymq.broker.BrokerIdentity;
import io.ferrymq.broker.client.ProducerRegistry;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageId;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.remoting.RemotingAddress;
import io.ferrymq.remoting.netty.NettyRemotingServer;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.transaction.CheckBackSender;
import io.netty.channel.Channel;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Sends CHECK_TRANSACTION_STATE (oneway) to a producer of the transaction's group: the connection the
 * half message came from when it is still open, else any live producer of the group.
 */
public final class ProducerCheckBackSender implements CheckBackSender {
    private static final long SEND_TIMEOUT_MILLIS = 3_000;

    private final ProducerRegistry producers;
    private final NettyRemotingServer server;
    private final BrokerIdentity identity;

    public ProducerCheckBackSender(ProducerRegistry producers, NettyRemotingServer server, BrokerIdentity identity) {
        this.producers = producers;
        this.server = server;
        this.identity = identity;
    }

    @Override
    public String sendCheck(String producerGroup, InetSocketAddress bornHost, MessageExt check) {
        List<Channel> channels = producers.activeChannels(producerGroup);
        if (channels.isEmpty()) {
            return null;
        }
        Channel target = channels.stream().filter(ch -> sameAddress(ch, bornHost)).findFirst().orElse(channels.get(0));
        RemotingCommand request = RemotingCommand.createRequest(RequestCode.CHECK_TRANSACTION_STATE)
                .putExt("tranStateTableOffset", check.getQueueOffset())
                .putExt("commitLogOffset", check.getCommitLogOffset())
                .putExt("msgId", check.getUniqKey())
                .putExt("transactionId", check.getUniqKey())
                .putExt("offsetMsgId", MessageId.create(identity.storeHost(), check.getCommitLogOffset()))
                .putExt("topic", check.getTopic())
                .putExt("bname", identity.brokerName())
                .setBody(encode(check));
        server.invokeOneway(target, request, SEND_TIMEOUT_MILLIS);
        return RemotingAddress.remote(target);
    }

    private static boolean sameAddress(Channel channel, InetSocketAddress bornHost) {
        return bornHost != null && channel.remoteAddress() instanceof InetSocketAddress remote
                && remote.getPort() == bornHost.getPort() && remote.getAddress() != null
                && remote.getAddress().equals(bornHost.getAddress());
    }

    /** The check body: the message as one stored record (magic V1), real topic and queue. */
    private static byte[] encode(MessageExt check) {
        byte[] topic = check.getTopic().getBytes(StandardCharsets.UTF_8);
        byte[] properties = MessageProperties.encode(check.getProperties()).getBytes(StandardCharsets.UTF_8);
        int size = MessageRecord.recordSize(check.getBody() == null ? 0 : check.getBody().length, topic.length,
                properties.length, check.getBornHost().getAddress() instanceof Inet6Address,
                check.getStoreHost().getAddress() instanceof Inet6Address);
        ByteBuffer buf = ByteBuffer.allocate(size);
        MessageRecord.encode(buf, check, topic, properties);
        return buf.array();
    }
}
