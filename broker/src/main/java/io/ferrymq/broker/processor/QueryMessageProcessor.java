package io.ferrymq.broker.processor;

import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.QueryResult;
import io.netty.channel.ChannelHandlerContext;
import java.nio.ByteBuffer;

/**
 * QUERY_MESSAGE (12): messages of a topic by business key or unique id within a store-time range, from
 * the store's index. An admin path: the records are copied into one body.
 */
public final class QueryMessageProcessor implements RequestProcessor {
    /** RocketMQ's defaultQueryMaxNum: at most this many messages per query. */
    private static final int MAX_RESULTS = 32;

    private final MessageStore store;

    public QueryMessageProcessor(MessageStore store) {
        this.store = store;
    }

    @Override
    public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) {
        String topic = request.requireExt("topic");
        String key = request.requireExt("key");
        int maxNum = Math.min(Math.max(request.requireExtInt("maxNum"), 1), MAX_RESULTS);
        long begin = request.requireExtLong("beginTimestamp");
        long end = request.requireExtLong("endTimestamp");
        try (QueryResult result = store.queryMessage(topic, key, maxNum, begin, end)) {
            if (result.messageCount() == 0) {
                return Responses.of(request, ResponseCode.QUERY_NOT_FOUND,
                        "can not find message, maybe time range not correct");
            }
            int size = 0;
            for (ByteBuffer m : result.messages()) {
                size += m.remaining();
            }
            ByteBuffer body = ByteBuffer.allocate(size);
            result.messages().forEach(m -> body.put(m.duplicate()));
            return Responses.success(request)
                    .putExt("indexLastUpdateTimestamp", result.indexLastUpdateTimestamp())
                    .putExt("indexLastUpdatePhyoffset", result.indexLastUpdatePhyoffset())
                    .setBody(body.array());
        }
    }
}
