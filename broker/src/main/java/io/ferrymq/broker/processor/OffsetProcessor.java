package io.ferrymq.broker.processor;

import io.ferrymq.broker.offset.ConsumerOffsetManager;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.file.SegmentSlice;
import io.netty.channel.ChannelHandlerContext;
import java.nio.ByteBuffer;

/**
 * Consumer offsets and queue positions: QUERY_CONSUMER_OFFSET (14), UPDATE_CONSUMER_OFFSET (15),
 * SEARCH_OFFSET_BY_TIMESTAMP (29), GET_MAX_OFFSET (30), GET_MIN_OFFSET (31),
 * GET_EARLIEST_MSG_STORETIME (32) and VIEW_MESSAGE_BY_ID (33). One method per code.
 */
public final class OffsetProcessor {
    private final ConsumerOffsetManager offsets;
    private final MessageStore store;
    private final long hotWindowBytes;

    /**
     * @param hotWindowBytes how far behind the log end a message still counts as "in memory"; a group
     *     without an offset starts at 0 only when the queue's first message is that recent
     */
    public OffsetProcessor(ConsumerOffsetManager offsets, MessageStore store, long hotWindowBytes) {
        this.offsets = offsets;
        this.store = store;
        this.hotWindowBytes = hotWindowBytes;
    }

    public RemotingCommand queryConsumerOffset(ChannelHandlerContext ctx, RemotingCommand request) {
        String group = request.requireExt("consumerGroup");
        String topic = request.requireExt("topic");
        int queueId = request.requireExtInt("queueId");
        long offset = offsets.query(group, topic, queueId);
        if (offset >= 0) {
            return Responses.success(request).putExt("offset", offset);
        }
        if (store.minOffset(topic, queueId) <= 0 && !firstMessageIsCold(topic, queueId)) {
            return Responses.success(request).putExt("offset", 0L);
        }
        return Responses.of(request, ResponseCode.QUERY_NOT_FOUND, "Not found, V3_0_6_SNAPSHOT maybe this group "
                + "consumer boot first");
    }

    private boolean firstMessageIsCold(String topic, int queueId) {
        if (store.maxOffset(topic, queueId) == 0) {
            return false;
        }
        long physical = store.physicalOffsetOf(topic, queueId, 0);
        return physical >= 0 && store.commitLog().maxOffset() - physical > hotWindowBytes;
    }

    public RemotingCommand updateConsumerOffset(ChannelHandlerContext ctx, RemotingCommand request) {
        offsets.commit(request.requireExt("consumerGroup"), request.requireExt("topic"),
                request.requireExtInt("queueId"), request.requireExtLong("commitOffset"));
        return Responses.success(request);
    }

    public RemotingCommand maxOffset(ChannelHandlerContext ctx, RemotingCommand request) {
        return Responses.success(request).putExt("offset",
                store.maxOffset(request.requireExt("topic"), request.requireExtInt("queueId")));
    }

    public RemotingCommand minOffset(ChannelHandlerContext ctx, RemotingCommand request) {
        return Responses.success(request).putExt("offset",
                store.minOffset(request.requireExt("topic"), request.requireExtInt("queueId")));
    }

    public RemotingCommand searchOffsetByTimestamp(ChannelHandlerContext ctx, RemotingCommand request) {
        return Responses.success(request).putExt("offset", store.offsetByTime(request.requireExt("topic"),
                request.requireExtInt("queueId"), request.requireExtLong("timestamp")));
    }

    public RemotingCommand earliestMessageStoreTime(ChannelHandlerContext ctx, RemotingCommand request) {
        long ts = store.earliestMessageTime(request.requireExt("topic"), request.requireExtInt("queueId"));
        return Responses.success(request).putExt("timestamp", Math.max(ts, 0));
    }

    public RemotingCommand viewMessageById(ChannelHandlerContext ctx, RemotingCommand request) {
        long offset = request.requireExtLong("offset");
        byte[] record = storedRecord(store, offset);
        if (record == null) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "can not find message by the offset, " + offset);
        }
        return Responses.success(request).setBody(record);
    }

    /** A copy of the stored record at commit-log {@code offset}, or null when there is none. */
    static byte[] storedRecord(MessageStore store, long offset) {
        SegmentSlice slice = offset < 0 ? null : store.messageByPhysicalOffset(offset);
        if (slice == null) {
            return null;
        }
        try {
            ByteBuffer buf = slice.buffer();
            byte[] record = new byte[buf.remaining()];
            buf.duplicate().get(record);
            return record;
        } finally {
            slice.release();
        }
    }
}
