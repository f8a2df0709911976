package io.ferrymq.broker.client;

import io.ferrymq.remoting.netty.NettyRemotingServer;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends NOTIFY_CONSUMER_IDS_CHANGED (oneway) to every member of a group whose membership changed. */
public final class ConsumerIdsChangeNotifier implements Consumer<ConsumerGroup> {
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerIdsChangeNotifier.class);
    private static final long TIMEOUT_MILLIS = 100;

    private final NettyRemotingServer server;

    public ConsumerIdsChangeNotifier(NettyRemotingServer server) {
        this.server = server;
    }

    @Override
    public void accept(ConsumerGroup group) {
        for (ClientChannel member : group.members()) {
            if (!member.channel().isActive()) {
                continue;
            }
            RemotingCommand notify = RemotingCommand.createRequest(RequestCode.NOTIFY_CONSUMER_IDS_CHANGED)
                    .putExt("consumerGroup", group.name());
            try {
                server.invokeOneway(member.channel(), notify, TIMEOUT_MILLIS);
            } catch (RuntimeException e) {
                LOG.debug("notifying {} of group {} failed: {}", member.clientId(), group.name(), e.toString());
            }
        }
    }
}
