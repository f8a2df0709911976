package io.ferrymq.broker.processor;

import io.ferrymq.broker.client.ClientChannel;
import io.ferrymq.broker.client.ConsumerGroup;
import io.ferrymq.broker.client.ConsumerRegistry;
import io.ferrymq.broker.client.HeartbeatData;
import io.ferrymq.broker.client.ProducerRegistry;
import io.ferrymq.broker.client.SubscriptionData;
import io.ferrymq.broker.client.SubscriptionGroups;
import io.ferrymq.broker.filter.SubscriptionFilters;
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
 * (38): who is connected, in which groups, with which subscriptions. SQL92 subscriptions are checked
 * (compiled) by CHECK_CLIENT_CONFIG and by heartbeats, which answer why one cannot be served.
 */
public final class ClientManageProcessor {
    private final ConsumerRegistry consumers;
    private final ProducerRegistry producers;
    private final SubscriptionGroups groups;
    private final TopicConfigManager topics;
    private final InstantSource clock;
    private final SubscriptionFilters filters;

    public ClientManageProcessor(ConsumerRegistry consumers, ProducerRegistry producers, SubscriptionGroups groups,
                                 TopicConfigManager topics, InstantSource clock, SubscriptionFilters filters) {
        this.consumers = consumers;
        this.producers = producers;
        this.groups = groups;
        this.topics = topics;
        this.clock = clock;
        this.filters = filters;
    }

    public RemotingCommand heartbeat(ChannelHandlerContext ctx, RemotingCommand request) {
        HeartbeatData data = RemotingJson.decode(request.getBody(), HeartbeatData.class);
        if (data.getClientID() == null) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "heartbeat without clientID");
        }
        long now = clock.millis();
        ClientChannel member = new ClientChannel(data.getClientID(), ctx.channel(), request.getLanguage(),
                request.getVersion(), now);
        StringBuilder refused = new StringBuilder();
        if (data.getConsumerDataSet() != null) {
            for (HeartbeatData.ConsumerData consumer : data.getConsumerDataSet()) {
                if (consumer == null || consumer.getGroupName() == null) {
                    continue;
                }
                checkSubscriptions(consumer, refused);
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
        if (refused.length() > 0) {
            // the client is registered all the same (its other groups and topics work); pulls on a refused
            // subscription get the reason again
            return Responses.of(request, ResponseCode.SUBSCRIPTION_PARSE_FAILED, refused.toString());
        }
        return Responses.success(request);
    }

    /** Appends why each non-TAG subscription of {@code consumer} cannot be served, if it cannot. */
    private void checkSubscriptions(HeartbeatData.ConsumerData consumer, StringBuilder refused) {
        if (consumer.getSubscriptionDataSet() == null) {
            return;
        }
        for (SubscriptionData sub : consumer.getSubscriptionDataSet()) {
            if (sub == null || sub.isTagType()) {
                continue;
            }
            SubscriptionFilters.Decision d = filters.decide(sub);
            if (!d.accepted()) {
                refused.append(refused.length() == 0 ? "" : "; ").append("subscription of group ")
                        .append(consumer.getGroupName()).append(" to ").append(sub.getTopic()).append(": ")
                        .append(d.remark());
            }
        }
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
        if (sub == null || sub.isTagType()) {
            return Responses.success(request);
        }
        SubscriptionFilters.Decision d = filters.decide(sub);
        return switch (d.outcome()) {
            case ACCEPTED -> Responses.success(request);
            case DISABLED -> Responses.of(request, ResponseCode.SYSTEM_ERROR, d.remark());
            case INVALID -> Responses.of(request, ResponseCode.SUBSCRIPTION_PARSE_FAILED, d.remark());
        };
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
