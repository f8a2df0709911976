package io.ferrymq.broker.send;

import io.ferrymq.broker.BrokerIdentity;
import io.ferrymq.broker.client.ProducerRegistry;
import io.ferrymq.broker.processor.Responses;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.remoting.RemotingAddress;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.netty.NettyRemotingServer;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SEND_REPLY_MESSAGE (324) and SEND_REPLY_MESSAGE_V2 (325): the answer to a {@code producer.request(...)},
 * sent by the replier to {@code <cluster>_REPLY_TOPIC}. The broker pushes it at once to the requesting
 * client named by the message's {@code REPLY_TO_CLIENT} property (PUSH_REPLY_MESSAGE_TO_CLIENT, 326, over
 * that client's own connection), then stores it like any send and answers the replier with the send
 * result. A requester that is not connected to this broker gets nothing, and the replier a SYSTEM_ERROR
 * saying so, as with RocketMQ.
 */
public final class ReplyMessageProcessor implements RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyMessageProcessor.class);
    /** The requester answers the push at once; a slow one must not hold a send thread for long. */
    private static final long PUSH_TIMEOUT_MILLIS = 3_000;

    private final SendMessageProcessor send;
    private final ProducerRegistry producers;
    private final NettyRemotingServer server;
    private final BrokerIdentity identity;
    private final InstantSource clock;

    public ReplyMessageProcessor(SendMessageProcessor send, ProducerRegistry producers, NettyRemotingServer server,
                                 BrokerIdentity identity, InstantSource clock) {
        this.send = send;
        this.producers = producers;
        this.server = server;
        this.identity = identity;
        this.clock = clock;
    }

    @Override
    public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) {
        SendHeader h = SendHeader.parse(request);
        RemotingCommand refused = send.check(request, h);
        if (refused != null) {
            return refused; // refused replies are not pushed either
        }
        Map<String, String> props = new LinkedHashMap<>(h.properties() == null ? Map.of()
                : MessageProperties.decode(h.properties()));
        String requester = props.get(MessageConst.REPLY_TO_CLIENT);
        if (requester == null || requester.isEmpty()) {
            return Responses.of(request, ResponseCode.MESSAGE_ILLEGAL,
                    "the reply message has no " + MessageConst.REPLY_TO_CLIENT + " property");
        }
        if (request.getBody() == null) {
            return Responses.of(request, ResponseCode.MESSAGE_ILLEGAL, "the message body is empty");
        }
        Channel channel = producers.findChannel(requester);
        if (channel == null) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR,
                    "push reply message fail, channel of <" + requester + "> not found.");
        }
        props.put(MessageConst.CLUSTER, identity.clusterName());
        props.put(MessageConst.PUSH_REPLY_TIME, Long.toString(clock.millis()));
        RemotingCommand push = RemotingCommand.createRequest(RequestCode.PUSH_REPLY_MESSAGE_TO_CLIENT)
                .putExt("producerGroup", h.producerGroup())
                .putExt("topic", h.topic())
                .putExt("defaultTopic", h.defaultTopic())
                .putExt("defaultTopicQueueNums", h.defaultTopicQueueNums())
                .putExt("queueId", Math.max(0, h.queueId()))
                .putExt("sysFlag", h.sysFlag())
                .putExt("bornTimestamp", h.bornTimestamp())
                .putExt("flag", h.flag())
                .putExt("properties", MessageProperties.encode(props))
                .putExt("reconsumeTimes", h.reconsumeTimes())
                .putExt("unitMode", false)
                .putExt("bornHost", RemotingAddress.remote(ctx.channel()))
                .putExt("storeHost", identity.address())
                .putExt("storeTimestamp", clock.millis())
                .setBody(request.getBody());
        try {
            RemotingCommand answer = server.invokeSync(channel, push, PUSH_TIMEOUT_MILLIS);
            if (answer.getCode() != ResponseCode.SUCCESS) {
                return Responses.of(request, ResponseCode.SYSTEM_ERROR, "push reply message to <" + requester
                        + "> failed: " + answer.getCode() + " " + answer.getRemark());
            }
        } catch (RuntimeException e) {
            LOG.debug("pushing a reply to {} failed: {}", requester, e.toString());
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "push reply message to <" + requester
                    + "> failed: " + e.getMessage());
        }
        return send.store(ctx, request, h);
    }
}
