package io.ferrymq.broker.processor;

import io.ferrymq.broker.client.ClientChannel;
import io.ferrymq.broker.client.ConsumerGroup;
import io.ferrymq.broker.client.ConsumerRegistry;
import io.ferrymq.broker.client.HeartbeatData;
import io.ferrymq.broker.client.ProducerRegistry;
import io.ferrymq.broker.client.SubscriptionData;
import io.ferrymq.broker.client.SubscriptionGroups;
import io.ferrymq.broker.topic.TopicConfigManager;
import io.ferrymq.common.PermName;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.netty.channel.ChannelHandlerContext;
import java.time.InstantSource;
import java.util.Map;

/**
 * HEART_BEAT (34), UNREGISTER_CLIENT (35), CHECK_CLIENT_CONFIG (46) and GET_CONSUMER_LIST_BY_GROUP
 * (38): who is connected, in which groups, with which subscriptions.
 */
public final class ClientManageProcessor {
    private final ConsumerRegistry consumers;
    private final ProducerRegistry producers;
    private final SubscriptionGroups groups;
    private final TopicConfigManager topics;
    private final InstantSource clock;

    public ClientManageProcessor(ConsumerRegistry consumers, ProducerRegistry producers, SubscriptionGroups groups,
                                 TopicConfigManager topics, InstantSource clock) {
        this.consumers = consumers;
        this.producers = producers;
        this.groups = groups;
        this.topics = topics;
        this.clock = clock;
    }

    public RemotingCommand heartbeat(ChannelHandlerContext ctx, RemotingCommand request) {
        HeartbeatData data = RemotingJson.decode(request.getBody(), HeartbeatData.class);
        if (data.getClientID() == null) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "heartbeat without clientID");
        }
        long now = clock.millis();
        ClientChannel member = new ClientChannel(data.getClientID(), ctx.channel(), request.getLanguage(),
                request.getVersion(), now);
        if (data.getConsumerDataSet() != null) {
            for (HeartbeatData.ConsumerData consumer : data.getConsumerDataSet()) {
                if (consumer == null || consumer.getGroupName() == null) {
                    continue;
                }
                SubscriptionGroups.Settings settings = groups.findOrCreate(consumer.getGroupName());
                if (settings != null) {
                    topics.findOrCreateSystem(SystemTopics.retryTopic(consumer.getGroupName()),
                            settings.retryQueueNums(), PermName.PERM_READ_WRITE);
                }
                consumers.heartbeat(member, consumer, now);
            }
        }
        if (data.getProducerDataSet() != null) {
            for (HeartbeatData.ProducerData producer : data.getProducerDataSet()) {
                if (producer != null && producer.getGroupName() != null) {
                    producers.heartbeat(producer.getGroupName(), member, now);
                }
            }
        }
        return Responses.success(request);
    }

    public RemotingCommand unregisterClient(ChannelHandlerContext ctx, RemotingCommand request) {
        request.requireExt("clientID");
        String producerGroup = request.ext("producerGroup");
        String consumerGroup = request.ext("consumerGroup");
        if (producerGroup != null) {
            producers.unregister(producerGroup, ctx.channel());
        }
        if (consumerGroup != null) {
            consumers.unregister(consumerGroup, ctx.channel());
        }
        return Responses.success(request);
    }

    public RemotingCommand checkClientConfig(ChannelHandlerContext ctx, RemotingCommand request) {
        CheckClientBody body = RemotingJson.decode(request.getBody(), CheckClientBody.class);
        SubscriptionData sub = body.getSubscriptionData();
        if (sub != null && !sub.isTagType()) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR,
                    "The broker does not support consumer to filter message by " + sub.getExpressionType());
        }
        return Responses.success(request);
    }

    public RemotingCommand consumerList(ChannelHandlerContext ctx, RemotingCommand request) {
        String group = request.requireExt("consumerGroup");
        ConsumerGroup g = consumers.find(group);
        if (g == null || g.isEmpty()) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "no consumer for this group, " + group);
        }
        return Responses.success(request).setBody(RemotingJson.encode(Map.of("consumerIdList", g.clientIds())));
    }

    /** CHECK_CLIENT_CONFIG body. */
    public static class CheckClientBody {
        private String clientId;
        private String group;
        private SubscriptionData subscriptionData;

        public String getClientId() {
            return clientId;
        }

        public void setClientId(String clientId) {
            this.clientId = clientId;
        }

        public String getGroup() {
            return group;
        }

        public void setGroup(String group) {
            this.group = group;
        }

        public SubscriptionData getSubscriptionData() {
            return subscriptionData;
        }

        public void setSubscriptionData(SubscriptionData subscriptionData) {
            this.subscriptionData = subscriptionData;
        }
    }
}
