package io.ferrymq.broker.send;

import io.ferrymq.broker.client.SubscriptionGroups;
import io.ferrymq.broker.processor.Responses;
import io.ferrymq.broker.topic.TopicConfigManager;
import io.ferrymq.common.PermName;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.netty.NettyRemotingEndpoint;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.file.SegmentSlice;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.ThreadLocalRandom;

/**
 * CONSUMER_SEND_MSG_BACK (36): a message the consumer failed goes to {@code %RETRY%<group>} with delay
 * level {@code 3 + reconsumeTimes} (or the one asked for), and to {@code %DLQ%<group>} once it was
 * retried {@code maxReconsumeTimes} times.
 */
public final class SendBackProcessor implements RequestProcessor {
    private static final int VERSION_WITH_MAX_RECONSUME = 121;

    private final TopicConfigManager topics;
    private final SubscriptionGroups groups;
    private final MessageStore store;
    private final MessageWriter writer;

    public SendBackProcessor(TopicConfigManager topics, SubscriptionGroups groups, MessageStore store,
                             MessageWriter writer) {
        this.topics = topics;
        this.groups = groups;
        this.store = store;
        this.writer = writer;
    }

    @Override
    public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) {
        long offset = request.requireExtLong("offset");
        String group = request.requireExt("group");
        int delayLevel = request.requireExtInt("delayLevel");
        SubscriptionGroups.Settings settings = groups.findOrCreate(group);
        if (settings == null) {
            return Responses.of(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group not exist, "
                    + group);
        }
        MessageExt original = read(offset);
        if (original == null) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "look message by offset failed, " + offset);
        }
        if (original.getProperty(MessageConst.RETRY_TOPIC) == null) {
            original.putProperty(MessageConst.RETRY_TOPIC, original.getTopic());
        }
        int max = request.getVersion() >= VERSION_WITH_MAX_RECONSUME
                ? request.extInt("maxReconsumeTimes", settings.retryMaxTimes()) : settings.retryMaxTimes();
        int reconsumeTimes = original.getReconsumeTimes();
        MessageExt retry = new MessageExt();
        retry.setBody(original.getBody());
        retry.setFlag(original.getFlag());
        retry.setProperties(original.getProperties());
        retry.removeProperty(MessageConst.DELAY);
        if (reconsumeTimes >= max || delayLevel < 0) {
            TopicConfig dlq = topics.findOrCreateSystem(SystemTopics.dlqTopic(group), 1, PermName.PERM_READ_WRITE);
            retry.setTopic(dlq.getTopicName());
            retry.setQueueId(0);
        } else {
            TopicConfig tc = topics.findOrCreateSystem(SystemTopics.retryTopic(group), settings.retryQueueNums(),
                    PermName.PERM_READ_WRITE);
            retry.setTopic(tc.getTopicName());
            retry.setQueueId(ThreadLocalRandom.current().nextInt(Math.max(1, tc.getWriteQueueNums())));
            retry.putProperty(MessageConst.DELAY, Integer.toString(delayLevel > 0 ? delayLevel : 3 + reconsumeTimes));
        }
        if (retry.getProperty(MessageConst.ORIGIN_MESSAGE_ID) == null) {
            String origin = request.ext("originMsgId");
            retry.putProperty(MessageConst.ORIGIN_MESSAGE_ID, origin != null ? origin : original.getOffsetMsgId());
        }
        retry.setSysFlag(original.getSysFlag());
        retry.setBornTimestamp(original.getBornTimestamp());
        retry.setBornHost(original.getBornHost());
        retry.setStoreHost(original.getStoreHost());
        retry.setReconsumeTimes(reconsumeTimes + 1);
        writer.put(retry).whenComplete((r, e) -> {
            RemotingCommand response;
            if (e != null || r == null) {
                response = Responses.of(request, ResponseCode.SYSTEM_ERROR, "store failed: " + e);
            } else {
                int code = MessageWriter.responseCode(r.status());
                response = code == ResponseCode.SUCCESS || code == ResponseCode.FLUSH_DISK_TIMEOUT
                        ? Responses.success(request)
                        : Responses.of(request, code, writer.remark(r.status()));
            }
            NettyRemotingEndpoint.reply(ctx, request, response);
        });
        return null;
    }

    private MessageExt read(long offset) {
        if (offset < 0) {
            return null;
        }
        SegmentSlice slice = store.messageByPhysicalOffset(offset);
        if (slice == null) {
            return null;
        }
        try {
            return MessageRecord.decode(slice.buffer().duplicate(), true, false);
        } catch (RuntimeException e) {
            return null;
        } finally {
            slice.release();
        }
    }
}
