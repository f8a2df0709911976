package io.ferrymq.broker.processor;

import io.ferrymq.broker.client.SubscriptionGroups;
import io.ferrymq.broker.offset.ConsumerOffsetManager;
import io.ferrymq.broker.stats.BrokerStats;
import io.ferrymq.common.subscription.SubscriptionGroupConfig;
import io.ferrymq.common.topic.NameCheck;
import io.ferrymq.common.topic.TopicValidator;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.netty.channel.ChannelHandlerContext;

/**
 * Subscription-group admin: UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200, body = the group's config),
 * GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201) and DELETE_SUBSCRIPTIONGROUP (207, {@code groupName},
 * optional {@code removeOffset}).
 */
public final class SubscriptionGroupAdminProcessor {
    /** Upper bound of a group's retry queues (a topic has at most this many queues). */
    private static final int MAX_RETRY_QUEUES = 1024;

    private final SubscriptionGroups groups;
    private final ConsumerOffsetManager offsets;
    private final BrokerStats stats;

    public SubscriptionGroupAdminProcessor(SubscriptionGroups groups, ConsumerOffsetManager offsets,
                                           BrokerStats stats) {
        this.groups = groups;
        this.offsets = offsets;
        this.stats = stats;
    }

    public RemotingCommand updateAndCreate(ChannelHandlerContext ctx, RemotingCommand request) {
        SubscriptionGroupConfig config = RemotingJson.decode(request.getBody(), SubscriptionGroupConfig.class);
        NameCheck name = TopicValidator.validateGroup(config.getGroupName());
        if (!name.valid()) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "The specified group is invalid: "
                    + name.reason());
        }
        if (config.getRetryQueueNums() < 0 || config.getRetryQueueNums() > MAX_RETRY_QUEUES) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "retryQueueNums must be in [0, "
                    + MAX_RETRY_QUEUES + "], got " + config.getRetryQueueNums());
        }
        if (config.getRetryMaxTimes() < 0) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "retryMaxTimes must be >= 0, got "
                    + config.getRetryMaxTimes());
        }
        groups.update(config);
        return Responses.success(request);
    }

    public RemotingCommand all(ChannelHandlerContext ctx, RemotingCommand request) {
        return Responses.success(request).setBody(RemotingJson.encode(groups.snapshot()));
    }

    /** Deleting an unknown group succeeds (nothing to do), as with RocketMQ. */
    public RemotingCommand delete(ChannelHandlerContext ctx, RemotingCommand request) {
        String group = request.requireExt("groupName");
        groups.delete(group);
        if (request.extBoolean("removeOffset", false)) {
            offsets.removeGroup(group);
        }
        stats.forgetGroup(group);
        return Responses.success(request);
    }
}
