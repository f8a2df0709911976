package io.ferrymq.broker.processor;

import io.ferrymq.broker.client.ClientChannel;
import io.ferrymq.broker.client.ConsumerGroup;
import io.ferrymq.broker.client.ConsumerRegistry;
import io.ferrymq.common.message.MessageId;
import io.ferrymq.remoting.exception.RemotingTimeoutException;
import io.ferrymq.remoting.netty.NettyRemotingServer;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.MessageStore;
import io.netty.channel.ChannelHandlerContext;
import java.util.HashMap;

/**
 * Admin requests answered by one consumer client, which the broker passes on over that client's connection
 * and whose answer it returns as is: GET_CONSUMER_RUNNING_INFO (307, {@code mqadmin consumerStatus}: the
 * client's subscriptions, queues and thread stack) and CONSUME_MESSAGE_DIRECTLY (309, {@code queryMsgById -g
 * -d}: the client consumes one stored message, whose record the broker attaches, and says how it went).
 */
public final class ConsumerCallProcessor {
    /** RocketMQ's wait for a client's answer. */
    private static final long CALL_TIMEOUT_MILLIS = 10_000;

    private final ConsumerRegistry consumers;
    private final NettyRemotingServer server;
    private final MessageStore store;

    public ConsumerCallProcessor(ConsumerRegistry consumers, NettyRemotingServer server, MessageStore store) {
        this.consumers = consumers;
        this.server = server;
        this.store = store;
    }

    public RemotingCommand consumerRunningInfo(ChannelHandlerContext ctx, RemotingCommand request) {
        return callConsumer(request, RequestCode.GET_CONSUMER_RUNNING_INFO, null);
    }

    public RemotingCommand consumeMessageDirectly(ChannelHandlerContext ctx, RemotingCommand request) {
        MessageId id;
        try {
            id = MessageId.parse(request.requireExt("msgId"));
        } catch (IllegalArgumentException e) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, e.getMessage());
        }
        byte[] record = OffsetProcessor.storedRecord(store, id.offset());
        if (record == null) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "can not find message by the offset, "
                    + id.offset());
        }
        return callConsumer(request, RequestCode.CONSUME_MESSAGE_DIRECTLY, record);
    }

    private RemotingCommand callConsumer(RemotingCommand request, int code, byte[] body) {
        String group = request.requireExt("consumerGroup");
        String clientId = request.requireExt("clientId");
        ConsumerGroup online = consumers.find(group);
        ClientChannel client = online == null ? null : online.activeMember(clientId);
        if (client == null) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, String.format("The Consumer <%s> <%s> not online",
                    group, clientId));
        }
        RemotingCommand call = RemotingCommand.createRequest(code);
        call.setExtFields(new HashMap<>(request.getExtFields()));
        call.setBody(body != null ? body : request.getBody());
        try {
            return server.invokeSync(client.channel(), call, CALL_TIMEOUT_MILLIS);
        } catch (RemotingTimeoutException e) {
            return Responses.of(request, ResponseCode.CONSUME_MSG_TIMEOUT, String.format(
                    "consumer <%s> <%s> Timeout: %s", group, clientId, e.getMessage()));
        } catch (RuntimeException e) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, String.format(
                    "invoke consumer <%s> <%s> Exception: %s", group, clientId, e));
        }
    }
}
