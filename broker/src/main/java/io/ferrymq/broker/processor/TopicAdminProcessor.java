package io.ferrymq.broker.processor;

import io.ferrymq.broker.topic.TopicConfigManager;
import io.ferrymq.common.topic.NameCheck;
import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.common.topic.TopicFilterType;
import io.ferrymq.common.topic.TopicValidator;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.netty.channel.ChannelHandlerContext;

/**
 * UPDATE_AND_CREATE_TOPIC (17), GET_ALL_TOPIC_CONFIG (21), DELETE_TOPIC_IN_BROKER (215) and GET_TOPIC_CONFIG
 * (351, one topic's config: what the 5.x admin reads before a topic's stats).
 */
public final class TopicAdminProcessor {
    private final TopicConfigManager topics;
    private final String clusterName;

    public TopicAdminProcessor(TopicConfigManager topics, String clusterName) {
        this.topics = topics;
        this.clusterName = clusterName;
    }

    public RemotingCommand updateAndCreateTopic(ChannelHandlerContext ctx, RemotingCommand request) {
        String topic = request.requireExt("topic");
        NameCheck name = TopicValidator.validateTopic(topic);
        if (!name.valid()) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "The specified topic is invalid: " + name.reason());
        }
        if (TopicValidator.isSystemTopic(topic) || topic.equals(clusterName)) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "The topic[" + topic
                    + "] is conflict with system topic.");
        }
        int read = request.requireExtInt("readQueueNums");
        int write = request.requireExtInt("writeQueueNums");
        if (read < 0 || write < 0 || read > 1024 || write > 1024) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "queue numbers must be in [0, 1024], got read "
                    + read + " write " + write);
        }
        TopicConfig tc = new TopicConfig(topic, read, write, request.requireExtInt("perm"));
        String filter = request.ext("topicFilterType");
        if (filter != null) {
            try {
                tc.setTopicFilterType(TopicFilterType.valueOf(filter.trim()));
            } catch (IllegalArgumentException e) {
                return Responses.of(request, ResponseCode.SYSTEM_ERROR, "unknown topicFilterType " + filter);
            }
        }
        tc.setTopicSysFlag(request.extInt("topicSysFlag", 0));
        tc.setOrder(request.extBoolean("order", false));
        topics.update(tc);
        return Responses.success(request);
    }

    public RemotingCommand deleteTopic(ChannelHandlerContext ctx, RemotingCommand request) {
        String topic = request.requireExt("topic");
        if (TopicValidator.isSystemTopic(topic)) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "The topic[" + topic
                    + "] is a system topic and cannot be deleted.");
        }
        topics.delete(topic);
        return Responses.success(request);
    }

    /** The body is the topic's config (RocketMQ 5's TopicConfigAndQueueMapping without a static-topic mapping). */
    public RemotingCommand topicConfig(ChannelHandlerContext ctx, RemotingCommand request) {
        String topic = request.requireExt("topic");
        TopicConfig tc = topics.find(topic);
        if (tc == null) {
            return Responses.of(request, ResponseCode.TOPIC_NOT_EXIST, "No topic in this broker. topic: " + topic);
        }
        return Responses.success(request).setBody(RemotingJson.encode(tc));
    }

    public RemotingCommand allTopicConfig(ChannelHandlerContext ctx, RemotingCommand request) {
        return Responses.success(request).setBody(RemotingJson.encode(topics.snapshot()));
    }
}
