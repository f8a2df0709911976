package io.ferrymq.broker.send;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.LiveBrokerSettings;
import io.ferrymq.broker.BrokerIdentity;
import io.ferrymq.broker.client.SubscriptionGroups;
import io.ferrymq.broker.processor.Responses;
import io.ferrymq.broker.topic.TopicConfigManager;
import io.ferrymq.common.PermName;
import io.ferrymq.common.message.BatchMessageCodec;
import io.ferrymq.common.message.Message;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageId;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.topic.NameCheck;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.common.topic.TopicFilterType;
import io.ferrymq.common.topic.TopicValidator;
import io.ferrymq.remoting.RemotingAddress;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.netty.NettyRemotingEndpoint;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.commitlog.PutResult;
import io.ferrymq.store.commitlog.PutStatus;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * SEND_MESSAGE (10), SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320): validates like the official
 * broker (codes and readable remarks), stamps born host, store host and cluster, redirects exhausted
 * retries to the dead-letter topic, appends, and answers when the store has (asynchronously). A batch
 * asking for a delay level or a delivery time is refused ({@link BatchDelays}).
 */
public final class SendMessageProcessor implements RequestProcessor {
    /** Clients at or above this version send maxReconsumeTimes in the header (RocketMQ V3_4_9). */
    private static final int VERSION_WITH_MAX_RECONSUME = 121;

    private final BrokerConfig config;
    private final LiveBrokerSettings settings;
    private final BrokerIdentity identity;
    private final TopicConfigManager topics;
    private final SubscriptionGroups groups;
    private final MessageWriter writer;
    private final MessageStore store;
    private final int maxMessageSize;

    public SendMessageProcessor(BrokerConfig config, LiveBrokerSettings settings, BrokerIdentity identity,
                                TopicConfigManager topics, SubscriptionGroups groups, MessageWriter writer,
                                MessageStore store) {
        this.config = config;
        this.settings = settings;
        this.identity = identity;
        this.topics = topics;
        this.groups = groups;
        this.writer = writer;
        this.store = store;
        this.maxMessageSize = store.config().maxMessageSize();
    }

    /**
     * A send to a topic that exists is decoded, checked and queued for the commit-log writer, whose
     * answer comes back asynchronously: nothing in it waits, so it runs on the I/O thread. Sends that
     * may create a topic (and write the topic table), and sends to retry topics, go to the executor.
     */
    @Override
    public boolean runsInline(RemotingCommand request) {
        String topic = request.getCode() == RequestCode.SEND_MESSAGE ? request.ext("topic") : request.ext("b");
        return topic != null && !SystemTopics.isRetryTopic(topic) && topics.find(topic) != null;
    }

    @Override
    public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) {
        SendHeader h = SendHeader.parse(request);
        RemotingCommand refused = check(request, h);
        return refused != null ? refused : store(ctx, request, h);
    }

    /**
     * Everything after {@link #check}: the topic (created when allowed), the queue, the body, then the
     * write; answers now (a refusal) or later from the write's completion (null).
     */
    RemotingCommand store(ChannelHandlerContext ctx, RemotingCommand request, SendHeader h) {
        TopicConfig tc = topics.find(h.topic());
        if (tc == null) {
            if (SystemTopics.isRetryTopic(h.topic())) {
                SubscriptionGroups.Settings s = groups.findOrCreate(SystemTopics.groupOf(h.topic()));
                tc = s == null ? null : topics.findOrCreateSystem(h.topic(), s.retryQueueNums(),
                        PermName.PERM_READ_WRITE);
            } else if (settings.autoCreateTopicEnable()) {
                tc = topics.findOrCreateOnSend(h.topic(), h.defaultTopic(), h.defaultTopicQueueNums(), 0);
            }
            if (tc == null) {
                return Responses.of(request, ResponseCode.TOPIC_NOT_EXIST, "topic[" + h.topic()
                        + "] not exist, apply first please!");
            }
        }
        if (!PermName.isWriteable(tc.getPerm())) {
            return Responses.of(request, ResponseCode.NO_PERMISSION, "the topic[" + h.topic()
                    + "] sending message is forbidden");
        }
        int queueId = h.queueId();
        int queues = Math.max(tc.getReadQueueNums(), tc.getWriteQueueNums());
        if (queueId >= queues) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "request queueId[" + queueId
                    + "] is illegal, topic " + h.topic() + " has " + queues + " queues, producer "
                    + RemotingAddress.remote(ctx.channel()));
        }
        if (queueId < 0) {
            queueId = ThreadLocalRandom.current().nextInt(Math.max(1, tc.getWriteQueueNums()));
        }
        byte[] body = request.getBody();
        if (body == null || body.length == 0) {
            return Responses.of(request, ResponseCode.MESSAGE_ILLEGAL, "the message body is empty");
        }
        if (body.length > maxMessageSize) {
            return Responses.of(request, ResponseCode.MESSAGE_ILLEGAL, "the message body size " + body.length
                    + " is over the maximum " + maxMessageSize + " (maxMessageSize)");
        }
        int sysFlag = h.sysFlag();
        if (tc.getTopicFilterType() == TopicFilterType.MULTI_TAG) {
            sysFlag |= MessageSysFlag.MULTI_TAGS_FLAG;
        }
        return h.batch() ? sendBatch(ctx, request, h, queueId, sysFlag, body)
                : sendOne(ctx, request, h, queueId, sysFlag, body);
    }

    /**
     * The refusal a send of {@code h} gets before anything is stored (broker not writable, invalid or
     * forbidden topic), or null. Replies run it before they are pushed to the requester.
     */
    RemotingCommand check(RemotingCommand request, SendHeader h) {
        if (!PermName.isWriteable(settings.brokerPermission())) {
            return Responses.of(request, ResponseCode.NO_PERMISSION, "the broker[" + identity.address()
                    + "] sending message is forbidden");
        }
        NameCheck name = TopicValidator.validateTopic(h.topic());
        if (!name.valid()) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "The specified topic is invalid: " + name.reason());
        }
        if (TopicValidator.isNotAllowedSendTopic(h.topic())) {
            return Responses.of(request, ResponseCode.NO_PERMISSION, "Sending message to topic[" + h.topic()
                    + "] is forbidden.");
        }
        return null;
    }

    private RemotingCommand sendOne(ChannelHandlerContext ctx, RemotingCommand request, SendHeader h, int queueId,
                                    int sysFlag, byte[] body) {
        MessageExt msg = new MessageExt();
        msg.setTopic(h.topic());
        msg.setQueueId(queueId);
        msg.setBody(body);
        msg.setFlag(h.flag());
        Map<String, String> props = h.properties() == null ? Map.of() : MessageProperties.decode(h.properties());
        msg.setProperties(props);
        msg.removeProperty(MessageConst.WAIT);
        msg.putProperty(MessageConst.CLUSTER, identity.clusterName());
        msg.setSysFlag(sysFlag);
        msg.setBornTimestamp(h.bornTimestamp());
        msg.setBornHost(bornHost(ctx));
        msg.setStoreHost(identity.storeHost());
        msg.setReconsumeTimes(h.reconsumeTimes());
        if (SystemTopics.isRetryTopic(h.topic())) {
            RemotingCommand refused = redirectExhaustedRetry(request, h, msg);
            if (refused != null) {
                return refused;
            }
        }
        String uniqKey = msg.getProperty(MessageConst.UNIQ_KEY);
        int responseQueueId = queueId;
        writer.put(msg).whenComplete((r, e) -> NettyRemotingEndpoint.reply(ctx, request,
                response(request, r, e, responseQueueId, uniqKey, null)));
        return null;
    }

    /** RocketMQ's DLQ rule for sends to %RETRY%: too many attempts go to %DLQ%group, without delay. */
    private RemotingCommand redirectExhaustedRetry(RemotingCommand request, SendHeader h, MessageExt msg) {
        String group = SystemTopics.groupOf(h.topic());
        SubscriptionGroups.Settings s = groups.findOrCreate(group);
        if (s == null) {
            return Responses.of(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group not exist, "
                    + group);
        }
        int max = request.getVersion() >= VERSION_WITH_MAX_RECONSUME && h.maxReconsumeTimes() >= 0
                ? h.maxReconsumeTimes() : s.retryMaxTimes();
        if (h.reconsumeTimes() >= max) {
            String dlq = SystemTopics.dlqTopic(group);
            topics.findOrCreateSystem(dlq, 1, PermName.PERM_READ_WRITE);
            msg.setTopic(dlq);
            msg.setQueueId(0);
            msg.removeProperty(MessageConst.DELAY);
        }
        return null;
    }

    private RemotingCommand sendBatch(ChannelHandlerContext ctx, RemotingCommand request, SendHeader h, int queueId,
                                      int sysFlag, byte[] body) {
        if (SystemTopics.isRetryTopic(h.topic())) {
            return Responses.of(request, ResponseCode.MESSAGE_ILLEGAL, "batch request does not support retry group "
                    + h.topic());
        }
        List<Message> messages;
        try {
            messages = BatchMessageCodec.decode(ByteBuffer.wrap(body), h.topic());
        } catch (RuntimeException e) {
            return Responses.of(request, ResponseCode.MESSAGE_ILLEGAL, "malformed batch body: " + e.getMessage());
        }
        if (messages.isEmpty()) {
            return Responses.of(request, ResponseCode.MESSAGE_ILLEGAL, "the batch is empty");
        }
        String delayed = BatchDelays.refusal(h.properties() == null ? Map.of()
                : MessageProperties.decode(h.properties()), messages);
        if (delayed != null) {
            return Responses.of(request, ResponseCode.MESSAGE_ILLEGAL, delayed);
        }
        byte[] topic = h.topic().getBytes(StandardCharsets.UTF_8);
        InetSocketAddress born = bornHost(ctx);
        MessageExt[] exts = new MessageExt[messages.size()];
        byte[][] props = new byte[messages.size()][];
        int total = 0;
        for (int i = 0; i < exts.length; i++) {
            Message m = messages.get(i);
            MessageExt msg = new MessageExt();
            msg.setTopic(h.topic());
            msg.setQueueId(queueId);
            msg.setBody(m.getBody());
            msg.setFlag(m.getFlag());
            msg.setProperties(m.getProperties());
            msg.removeProperty(MessageConst.WAIT);
            msg.putProperty(MessageConst.CLUSTER, identity.clusterName());
            msg.setSysFlag(sysFlag);
            msg.setBornTimestamp(h.bornTimestamp());
            msg.setBornHost(born);
            msg.setStoreHost(identity.storeHost());
            props[i] = MessageProperties.encode(msg.getProperties()).getBytes(StandardCharsets.UTF_8);
            int size = MessageRecord.recordSize(msg.getBody() == null ? 0 : msg.getBody().length, topic.length,
                    props[i].length, born.getAddress().getAddress().length == 16,
                    identity.storeHost().getAddress().getAddress().length == 16);
            if (size > maxMessageSize || props[i].length > MessageRecord.MAX_PROPERTIES_LENGTH) {
                return Responses.of(request, ResponseCode.MESSAGE_ILLEGAL, "message " + i + " of the batch is "
                        + size + " bytes; the maximum is " + maxMessageSize + " (maxMessageSize)");
            }
            total += size;
            exts[i] = msg;
        }
        ByteBuffer records = ByteBuffer.allocate(total);
        int[] sizes = new int[exts.length];
        for (int i = 0; i < exts.length; i++) {
            sizes[i] = MessageRecord.encode(records, exts[i], topic, props[i]);
        }
        records.flip();
        String uniqKeys = joinedUniqKeys(exts);
        CompletableFuture<PutResult> put = store.putRecords(records, h.topic(), queueId);
        put.whenComplete((r, e) -> NettyRemotingEndpoint.reply(ctx, request,
                response(request, r, e, queueId, uniqKeys, sizes)));
        return null;
    }

    private static String joinedUniqKeys(MessageExt[] exts) {
        StringBuilder sb = new StringBuilder();
        for (MessageExt m : exts) {
            String k = m.getProperty(MessageConst.UNIQ_KEY);
            if (k != null) {
                sb.append(sb.length() == 0 ? "" : ",").append(k);
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    private RemotingCommand response(RemotingCommand request, PutResult r, Throwable e, int queueId, String uniqKey,
                                     int[] batchSizes) {
        if (e != null || r == null) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "store failed: " + e);
        }
        PutStatus status = r.status();
        int code = MessageWriter.responseCode(status);
        RemotingCommand response = Responses.of(request, code, writer.remark(status));
        if (code != ResponseCode.SUCCESS && code != ResponseCode.FLUSH_DISK_TIMEOUT) {
            return response;
        }
        response.putExt("msgId", msgIds(r.physicalOffset(), batchSizes))
                .putExt("queueId", queueId)
                .putExt("queueOffset", r.queueOffset())
                .putExt(MessageConst.MSG_REGION, config.regionId())
                .putExt(MessageConst.TRACE_ON, config.traceOn());
        if (uniqKey != null && batchSizes == null) {
            response.putExt("transactionId", uniqKey);
        }
        return response;
    }

    private String msgIds(long firstOffset, int[] batchSizes) {
        if (batchSizes == null) {
            return MessageId.create(identity.storeHost(), firstOffset);
        }
        StringBuilder sb = new StringBuilder(batchSizes.length * 33);
        long offset = firstOffset;
        for (int i = 0; i < batchSizes.length; i++) {
            sb.append(i == 0 ? "" : ",").append(MessageId.create(identity.storeHost(), offset));
            offset += batchSizes[i];
        }
        return sb.toString();
    }

    private static InetSocketAddress bornHost(ChannelHandlerContext ctx) {
        return (InetSocketAddress) ctx.channel().remoteAddress();
    }
}
