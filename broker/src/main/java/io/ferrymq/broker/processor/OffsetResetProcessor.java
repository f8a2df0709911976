package io.ferrymq.broker.processor;

import io.ferrymq.broker.client.ClientChannel;
import io.ferrymq.broker.client.ConsumerGroup;
import io.ferrymq.broker.client.ConsumerRegistry;
import io.ferrymq.broker.offset.ConsumerOffsetManager;
import io.ferrymq.broker.topic.TopicConfigManager;
import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.remoting.netty.NettyRemotingServer;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.admin.MessageQueueKey;
import io.ferrymq.remoting.protocol.admin.ResetOffsetBody;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.ferrymq.store.MessageStore;
import io.netty.channel.ChannelHandlerContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moving a group's offsets by hand: CLONE_GROUP_OFFSET (314) and INVOKE_BROKER_TO_RESET_OFFSET (222,
 * {@code mqadmin resetOffsetByTime}), which moves a group's offsets on a topic to
 * the first message stored at or after {@code timestamp} ({@code -1}: the end of each queue). Without
 * {@code isForce} a queue only moves back. The new offsets are committed here and sent to every online member
 * of the group (RESET_CONSUMER_CLIENT_OFFSET, 220), which drop what they had pulled and go on from there. A
 * group with nobody online gets CONSUMER_NOT_ONLINE, as from RocketMQ: the official admin then resets the
 * offsets itself, queue by queue.
 */
public final class OffsetResetProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(OffsetResetProcessor.class);
    private static final long NOTIFY_TIMEOUT_MILLIS = 5_000;

    private final TopicConfigManager topics;
    private final ConsumerRegistry consumers;
    private final ConsumerOffsetManager offsets;
    private final MessageStore store;
    private final NettyRemotingServer server;
    private final String brokerName;

    public OffsetResetProcessor(TopicConfigManager topics, ConsumerRegistry consumers, ConsumerOffsetManager offsets,
                               MessageStore store, NettyRemotingServer server, String brokerName) {
        this.topics = topics;
        this.consumers = consumers;
        this.offsets = offsets;
        this.store = store;
        this.server = server;
        this.brokerName = brokerName;
    }

    /**
     * CLONE_GROUP_OFFSET (314, {@code mqadmin cloneGroupOffset}): gives {@code destGroup} the offsets of
     * {@code srcGroup} on {@code topic}, or on every topic the source group has offsets for. Unless
     * {@code offline}, topics an online source group no longer subscribes to are left out.
     */
    public RemotingCommand cloneGroupOffset(ChannelHandlerContext ctx, RemotingCommand request) {
        String src = request.requireExt("srcGroup");
        String dest = request.requireExt("destGroup");
        String topic = request.ext("topic");
        boolean offline = request.extBoolean("offline", false);
        Set<String> topicNames = topic == null || topic.isBlank() ? offsets.topicsOf(src) : Set.of(topic.trim());
        ConsumerGroup online = consumers.find(src);
        for (String t : topicNames) {
            if (topics.find(t) == null) {
                continue;
            }
            if (!offline && online != null && !online.isEmpty() && online.subscription(t) == null) {
                continue;
            }
            offsets.queryAll(src, t).forEach((queueId, offset) -> offsets.commit(dest, t, queueId, offset));
        }
        LOG.info("offsets of group {} cloned to {} on {}", src, dest, topicNames);
        return Responses.success(request);
    }

    public RemotingCommand resetOffset(ChannelHandlerContext ctx, RemotingCommand request) {
        String topic = request.requireExt("topic");
        String group = request.requireExt("group");
        long timestamp = request.requireExtLong("timestamp");
        boolean force = request.extBoolean("isForce", true);
        TopicConfig tc = topics.find(topic);
        if (tc == null) {
            return Responses.of(request, ResponseCode.TOPIC_NOT_EXIST,
                    "[reset-offset] reset offset failed, no topic in this broker. topic=" + topic);
        }
        ConsumerGroup online = consumers.find(group);
        if (online == null || online.isEmpty()) {
            return Responses.of(request, ResponseCode.CONSUMER_NOT_ONLINE, String.format(
                    "Consumer not online, so can not reset offset, Group: %s Topic: %s Timestamp: %d", group, topic,
                    timestamp));
        }
        Map<MessageQueueKey, Long> table = new HashMap<>();
        for (int queueId = 0; queueId < tc.getWriteQueueNums(); queueId++) {
            long target = timestamp == -1 ? store.maxOffset(topic, queueId)
                    : store.offsetByTime(topic, queueId, timestamp);
            if (target < 0) {
                continue;
            }
            long current = offsets.query(group, topic, queueId);
            long chosen = ResetOffsetBody.resetTo(target, current, force);
            offsets.commit(group, topic, queueId, chosen);
            table.put(new MessageQueueKey(topic, brokerName, queueId), chosen);
        }
        byte[] body = RemotingJson.encode(new ResetOffsetBody(table));
        for (ClientChannel member : online.members()) {
            RemotingCommand toClient = RemotingCommand.createRequest(RequestCode.RESET_CONSUMER_CLIENT_OFFSET)
                    .putExt("topic", topic).putExt("group", group).putExt("timestamp", timestamp)
                    .putExt("isForce", force).setBody(body);
            try {
                server.invokeOneway(member.channel(), toClient, NOTIFY_TIMEOUT_MILLIS);
            } catch (RuntimeException e) {
                LOG.warn("telling {} of group {} to reset its offsets failed: {}", member.clientId(), group,
                        e.toString());
            }
        }
        LOG.info("offsets of group {} on {} reset to {} (timestamp {}, force {})", group, topic, table, timestamp,
                force);
        return Responses.success(request).setBody(body);
    }
}
