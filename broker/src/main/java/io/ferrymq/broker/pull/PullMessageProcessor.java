package io.ferrymq.broker.pull;

import io.ferrymq.broker.LiveBrokerSettings;
import io.ferrymq.broker.BrokerIdentity;
import io.ferrymq.broker.client.ConsumerGroup;
import io.ferrymq.broker.client.ConsumerRegistry;
import io.ferrymq.broker.client.SubscriptionData;
import io.ferrymq.broker.client.SubscriptionGroups;
import io.ferrymq.broker.filter.SubscriptionFilters;
import io.ferrymq.broker.offset.ConsumerOffsetManager;
import io.ferrymq.broker.processor.Responses;
import io.ferrymq.broker.stats.BrokerStats;
import io.ferrymq.broker.topic.TopicConfigManager;
import io.ferrymq.common.PermName;
import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.netty.NettyRemotingEndpoint;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.MessageFilter;
import io.ferrymq.store.MessageStore;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PULL_MESSAGE (11): checks permissions and the subscription (the one the request carries, else the one
 * the group's heartbeat registered), reads from the store through the subscription's filter (tag hashes,
 * or an SQL92 expression over the stored properties: non-matching messages are skipped and
 * {@code nextBeginOffset} moves past them), answers with the records as zero-copy slices of the log, and
 * parks requests that found nothing (long polling) in the {@link PullHoldService}.
 */
public final class PullMessageProcessor implements RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(PullMessageProcessor.class);
    /** Room for 32 messages of 1 KiB; the buffer grows for bigger ones. */
    private static final int BODY_INITIAL_BYTES = 36 * 1024;
    private static final int FLAG_COMMIT_OFFSET = 0x1;
    private static final int FLAG_SUSPEND = 0x2;
    private static final int FLAG_SUBSCRIPTION = 0x4;
    /** Held pulls are answered well before the official client's 30 s timeout. */
    private static final long MAX_SUSPEND_MILLIS = 20_000;
    private static final String BROADCASTING = "BROADCASTING";

    private final LiveBrokerSettings brokerSettings;
    private final BrokerIdentity identity;
    private final TopicConfigManager topics;
    private final SubscriptionGroups groups;
    private final ConsumerRegistry consumers;
    private final ConsumerOffsetManager offsets;
    private final MessageStore store;
    private final PullHoldService holds;
    private final LongSupplier nanoClock;
    private final ExecutorService executor;
    private final BrokerStats stats;
    private final SubscriptionFilters filters;

    public PullMessageProcessor(LiveBrokerSettings brokerSettings, BrokerIdentity identity, TopicConfigManager topics,
                                SubscriptionGroups groups, ConsumerRegistry consumers, ConsumerOffsetManager offsets,
                                MessageStore store, PullHoldService holds, LongSupplier nanoClock,
                                ExecutorService executor, BrokerStats stats, SubscriptionFilters filters) {
        this.brokerSettings = brokerSettings;
        this.identity = identity;
        this.topics = topics;
        this.groups = groups;
        this.consumers = consumers;
        this.offsets = offsets;
        this.store = store;
        this.holds = holds;
        this.nanoClock = nanoClock;
        this.executor = executor;
        this.stats = stats;
        this.filters = filters;
        holds.setRerun(this::rerun);
    }

    @Override
    public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) {
        return process(ctx, request, true);
    }

    /**
     * Pulls of data in memory (the usual case: consumers close to the head of their queues) of a known
     * group run on the I/O thread; older data, whose first read may wait for the disk, and a new
     * group's first pull, which persists the group, go to the pull executor.
     */
    @Override
    public boolean runsInline(RemotingCommand request) {
        String group = request.ext("consumerGroup");
        String topic = request.ext("topic");
        String queueId = request.ext("queueId");
        String offset = request.ext("queueOffset");
        if (group == null || topic == null || queueId == null || offset == null || groups.find(group) == null) {
            return false;
        }
        try {
            return store.isReadInMemory(topic, Integer.parseInt(queueId), Long.parseLong(offset));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Answers a held pull that new messages (or its timeout) woke. The usual case, messages just
     * written and so in memory, runs on the connection's I/O thread: one hand-off from the dispatcher
     * instead of two. Reads of data no longer mapped go to the pull executor.
     */
    private void rerun(HeldPull pull) {
        Runnable answer = () -> {
            RemotingCommand response;
            try {
                response = process(pull.ctx(), pull.request(), false);
            } catch (RuntimeException e) {
                response = Responses.of(pull.request(), ResponseCode.SYSTEM_ERROR, e.toString());
            }
            if (response != null) {
                NettyRemotingEndpoint.reply(pull.ctx(), pull.request(), response);
            }
        };
        if (store.isReadInMemory(pull.topic(), pull.queueId(), pull.offset())) {
            try {
                pull.ctx().executor().execute(answer);
            } catch (RejectedExecutionException e) {
                LOG.debug("connection of a held pull is gone: {}", pull.ctx().channel());
            }
            return;
        }
        try {
            executor.execute(answer);
        } catch (RejectedExecutionException e) {
            NettyRemotingEndpoint.reply(pull.ctx(), pull.request(), Responses.of(pull.request(),
                    ResponseCode.SYSTEM_BUSY, "[OVERLOAD]system busy, start flow control for a while"));
        }
    }

    private RemotingCommand process(ChannelHandlerContext ctx, RemotingCommand request, boolean allowSuspend) {
        String group = request.requireExt("consumerGroup");
        String topic = request.requireExt("topic");
        int queueId = request.requireExtInt("queueId");
        long offset = request.requireExtLong("queueOffset");
        int maxMsgNums = request.requireExtInt("maxMsgNums");
        int sysFlag = request.requireExtInt("sysFlag");
        long commitOffset = request.requireExtLong("commitOffset");
        long suspendMillis = request.requireExtLong("suspendTimeoutMillis");
        long subVersion = request.requireExtLong("subVersion");

        if (!PermName.isReadable(brokerSettings.brokerPermission())) {
            return Responses.of(request, ResponseCode.NO_PERMISSION, "the broker[" + identity.address()
                    + "] pulling message is forbidden");
        }
        SubscriptionGroups.Settings settings = groups.findOrCreate(group);
        if (settings == null) {
            return Responses.of(request, ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group [" + group
                    + "] does not exist");
        }
        if (!settings.consumeEnable()) {
            return Responses.of(request, ResponseCode.NO_PERMISSION, "subscription group no permission, " + group);
        }
        TopicConfig tc = topics.find(topic);
        if (tc == null) {
            return Responses.of(request, ResponseCode.TOPIC_NOT_EXIST, "topic[" + topic
                    + "] not exist, apply first please!");
        }
        if (!PermName.isReadable(tc.getPerm())) {
            return Responses.of(request, ResponseCode.NO_PERMISSION, "the topic[" + topic
                    + "] pulling message is forbidden");
        }
        if (queueId < 0 || queueId >= tc.getReadQueueNums()) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "queueId[" + queueId + "] is illegal, topic:["
                    + topic + "] topicConfig.readQueueNums:[" + tc.getReadQueueNums() + "]");
        }
        SubscriptionData sub;
        boolean fromHeader = (sysFlag & FLAG_SUBSCRIPTION) != 0;
        if (fromHeader) {
            String type = request.ext("expressionType");
            String expression = request.ext("subscription");
            sub = type == null || type.isEmpty() || SubscriptionData.TAG.equalsIgnoreCase(type)
                    ? SubscriptionData.ofTags(topic, expression, subVersion)
                    : SubscriptionData.ofSql(topic, expression, subVersion);
            sub.setExpressionType(type == null || type.isEmpty() ? SubscriptionData.TAG : type);
        } else {
            ConsumerGroup cg = consumers.find(group);
            if (cg == null) {
                return Responses.of(request, ResponseCode.SUBSCRIPTION_NOT_EXIST,
                        "the consumer's group info not exist: " + group);
            }
            sub = cg.subscription(topic);
            if (sub == null) {
                return Responses.of(request, ResponseCode.SUBSCRIPTION_NOT_EXIST,
                        "the consumer's subscription not exist: " + group + " on " + topic);
            }
            if (!settings.consumeBroadcastEnable() && BROADCASTING.equals(cg.messageModel())) {
                return Responses.of(request, ResponseCode.NO_PERMISSION, "the consumer group[" + group
                        + "] can not consume by broadcast way");
            }
            if (sub.getSubVersion() < subVersion) {
                return Responses.of(request, ResponseCode.SUBSCRIPTION_NOT_LATEST,
                        "the consumer's subscription not latest");
            }
        }
        SubscriptionFilters.Decision decision = filters.decide(sub);
        if (!decision.accepted()) {
            return refuse(request, decision, fromHeader);
        }
        MessageFilter filter = decision.filter();
        if (allowSuspend && (sysFlag & FLAG_COMMIT_OFFSET) != 0 && identity.isMaster()) {
            offsets.commit(group, topic, queueId, commitOffset);
        }
        int maxBytes = request.extInt("maxMsgBytes", Integer.MAX_VALUE);
        ByteBuf body = ctx.alloc().directBuffer(BODY_INITIAL_BYTES);
        GetResult result;
        try {
            result = store.copyMessages(topic, queueId, offset, maxMsgNums, maxBytes, filter, new BodyCopier(body));
        } catch (RuntimeException e) {
            body.release();
            throw e;
        }
        RemotingCommand response = Responses.of(request, ResponseCode.SUCCESS, null);
        response.putExt("suggestWhichBrokerId", 0L)
                .putExt("nextBeginOffset", result.nextBeginOffset())
                .putExt("minOffset", result.minOffset())
                .putExt("maxOffset", result.maxOffset());
        switch (result.status()) {
            case FOUND -> {
                stats.onPullFound(group, topic, result.messageCount());
                response.setBodyBuf(body);
                return response;
            }
            case NO_MATCHED_MESSAGE, MESSAGE_WAS_REMOVING, OFFSET_FOUND_NULL ->
                    response.setCode(ResponseCode.PULL_RETRY_IMMEDIATELY);
            case OFFSET_TOO_SMALL, OFFSET_OVERFLOW_BADLY -> response.setCode(ResponseCode.PULL_OFFSET_MOVED);
            case NO_MATCHED_LOGIC_QUEUE, NO_MESSAGE_IN_QUEUE -> {
                if (offset != 0) {
                    response.setCode(ResponseCode.PULL_OFFSET_MOVED);
                } else {
                    response.setCode(ResponseCode.PULL_NOT_FOUND);
                }
            }
            case OFFSET_OVERFLOW_ONE -> response.setCode(ResponseCode.PULL_NOT_FOUND);
        }
        body.release();
        stats.onPullMissed();
        if (response.getCode() == ResponseCode.PULL_NOT_FOUND && allowSuspend && (sysFlag & FLAG_SUSPEND) != 0) {
            long holdMillis = brokerSettings.longPollingEnable()
                    ? Math.min(Math.max(suspendMillis, 0), MAX_SUSPEND_MILLIS)
                    : brokerSettings.shortPollingTime().toMillis();
            HeldPull pull = new HeldPull(ctx, request, topic, queueId, offset, filter,
                    nanoClock.getAsLong() + holdMillis * 1_000_000L);
            holds.hold(pull);
            if (store.maxOffset(topic, queueId) > offset) {
                holds.wakeIfHeld(pull);
            }
            return null;
        }
        return response;
    }

    /** RocketMQ's codes: property filtering off, or an expression that does not compile (sent or registered). */
    private static RemotingCommand refuse(RemotingCommand request, SubscriptionFilters.Decision decision,
                                          boolean fromHeader) {
        if (decision.outcome() == SubscriptionFilters.Outcome.DISABLED) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, decision.remark());
        }
        if (fromHeader) {
            return Responses.of(request, ResponseCode.SUBSCRIPTION_PARSE_FAILED,
                    "parse the consumer's subscription failed: " + decision.remark());
        }
        return Responses.of(request, ResponseCode.FILTER_DATA_NOT_EXIST,
                "The broker's consumer filter data is not exist!Your expression may be wrong! " + decision.remark());
    }

    /**
     * Copies each record into the response body. One copy of about a kilobyte per message costs less
     * than a slice object and a composite component per message, and the segment is free again when
     * the read returns rather than after the socket write.
     */
    private static final class BodyCopier implements MessageStore.RecordSink {
        private final ByteBuf body;
        private ByteBuffer segment;
        private ByteBuffer view;

        BodyCopier(ByteBuf body) {
            this.body = body;
        }

        @Override
        public void accept(ByteBuffer segment, int position, int size) {
            if (segment != this.segment) {
                this.segment = segment;
                this.view = segment.duplicate();
            }
            view.clear();
            view.position(position).limit(position + size);
            body.writeBytes(view);
        }
    }
}
