package io.ferrymq.broker.processor;

import io.ferrymq.broker.client.ClientChannel;
import io.ferrymq.broker.client.ConsumerGroup;
import io.ferrymq.broker.client.ConsumerRegistry;
import io.ferrymq.broker.client.ProducerRegistry;
import io.ferrymq.broker.client.SubscriptionData;
import io.ferrymq.broker.offset.ConsumerOffsetManager;
import io.ferrymq.remoting.RemotingAddress;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.admin.Connection;
import io.ferrymq.remoting.protocol.admin.ConsumerConnection;
import io.ferrymq.remoting.protocol.admin.GroupList;
import io.ferrymq.remoting.protocol.admin.ProducerConnection;
import io.ferrymq.remoting.protocol.admin.SubscriptionInfo;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who is connected: GET_CONSUMER_CONNECTION_LIST (203), GET_PRODUCER_CONNECTION_LIST (204) and
 * QUERY_TOPIC_CONSUME_BY_WHO (300), from the client registries and the committed offsets.
 */
public final class ConnectionAdminProcessor {
    private final ConsumerRegistry consumers;
    private final ProducerRegistry producers;
    private final ConsumerOffsetManager offsets;

    public ConnectionAdminProcessor(ConsumerRegistry consumers, ProducerRegistry producers,
                                    ConsumerOffsetManager offsets) {
        this.consumers = consumers;
        this.producers = producers;
        this.offsets = offsets;
    }

    public RemotingCommand consumerConnections(ChannelHandlerContext ctx, RemotingCommand request) {
        String group = request.requireExt("consumerGroup");
        ConsumerGroup g = consumers.find(group);
        if (g == null || g.isEmpty()) {
            return Responses.of(request, ResponseCode.CONSUMER_NOT_ONLINE, "the consumer group[" + group
                    + "] not online");
        }
        ConsumerConnection body = new ConsumerConnection();
        for (ClientChannel c : g.members()) {
            body.getConnectionSet().add(connection(c));
        }
        g.subscriptions().forEach((topic, sub) -> body.getSubscriptionTable().put(topic, info(sub)));
        body.setConsumeType(g.consumeType());
        body.setMessageModel(g.messageModel());
        body.setConsumeFromWhere(g.consumeFromWhere());
        return Responses.success(request).setBody(RemotingJson.encode(body));
    }

    public RemotingCommand producerConnections(ChannelHandlerContext ctx, RemotingCommand request) {
        String group = request.requireExt("producerGroup");
        List<ClientChannel> members = producers.members(group);
        if (members.isEmpty()) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "the producer group[" + group + "] not exist");
        }
        ProducerConnection body = new ProducerConnection();
        for (ClientChannel c : members) {
            body.getConnectionSet().add(connection(c));
        }
        return Responses.success(request).setBody(RemotingJson.encode(body));
    }

    /** Groups subscribing to {@code topic} now, and groups that committed offsets on it. */
    public RemotingCommand topicConsumeByWho(ChannelHandlerContext ctx, RemotingCommand request) {
        String topic = request.requireExt("topic");
        Set<String> result = new TreeSet<>(offsets.groupsOf(topic));
        List<ConsumerGroup> live = new ArrayList<>(consumers.all());
        for (ConsumerGroup g : live) {
            if (!g.isEmpty() && g.subscription(topic) != null) {
                result.add(g.name());
            }
        }
        return Responses.success(request).setBody(RemotingJson.encode(new GroupList(result)));
    }

    private static Connection connection(ClientChannel c) {
        return new Connection(c.clientId(), RemotingAddress.remote(c.channel()), c.language(), c.version());
    }

    private static SubscriptionInfo info(SubscriptionData sub) {
        SubscriptionInfo i = new SubscriptionInfo();
        i.setTopic(sub.getTopic());
        i.setSubString(sub.getSubString());
        i.setTagsSet(sub.getTagsSet() == null ? new ArrayList<>() : new ArrayList<>(sub.getTagsSet()));
        i.setCodeSet(sub.getCodeSet() == null ? new ArrayList<>() : new ArrayList<>(sub.getCodeSet()));
        i.setSubVersion(sub.getSubVersion());
        i.setExpressionType(sub.getExpressionType());
        i.setClassFilterMode(sub.isClassFilterMode());
        return i;
    }
}
