package io.ferrymq.bench.mq;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import java.nio.ByteBuffer;

/**
 * A bare pull loop over one queue (PULL_MESSAGE with the subscription in the request, so no heartbeat
 * or rebalance is needed): each {@link #pull} asks for the next batch from the current offset and
 * advances it. Stands in for the SDK consumer in the bench; one thread per queue.
 */
final class QueuePuller {
    private static final int FLAG_SUSPEND = 0x2;
    private static final int FLAG_SUBSCRIPTION = 0x4;
    private static final int BATCH = 32;

    /** Sees each pulled record: {@code buf} holds it at {@code pos} (absolute indexes). */
    @FunctionalInterface
    interface RecordSink {
        void accept(ByteBuffer buf, int pos);
    }

    private final NettyRemotingClient remoting;
    private final String brokerAddr;
    private final MessageQueue queue;
    private final String group;
    private final long subVersion;
    private long offset;

    QueuePuller(NettyRemotingClient remoting, String brokerAddr, MessageQueue queue, String group, long startOffset,
                long subVersion) {
        this.remoting = remoting;
        this.brokerAddr = brokerAddr;
        this.queue = queue;
        this.group = group;
        this.offset = startOffset;
        this.subVersion = subVersion;
    }

    long offset() {
        return offset;
    }

    /**
     * One PULL_MESSAGE; with {@code suspendMillis} > 0 the broker may hold it that long when nothing is
     * there (long polling). Returns the number of records handed to {@code sink}.
     */
    int pull(long suspendMillis, RecordSink sink) {
        RemotingCommand request = RemotingCommand.createRequest(RequestCode.PULL_MESSAGE)
                .putExt("consumerGroup", group)
                .putExt("topic", queue.topic())
                .putExt("queueId", queue.queueId())
                .putExt("queueOffset", offset)
                .putExt("maxMsgNums", BATCH)
                .putExt("sysFlag", FLAG_SUBSCRIPTION | (suspendMillis > 0 ? FLAG_SUSPEND : 0))
                .putExt("commitOffset", 0L)
                .putExt("suspendTimeoutMillis", suspendMillis)
                .putExt("subscription", "*")
                .putExt("subVersion", subVersion)
                .putExt("expressionType", "TAG")
                .putExt("bname", queue.brokerName());
        RemotingCommand response = remoting.invokeSync(brokerAddr, request, suspendMillis + 5_000);
        switch (response.getCode()) {
            case ResponseCode.SUCCESS -> {
                offset = response.requireExtLong("nextBeginOffset");
                return decode(response.getBody(), sink);
            }
            case ResponseCode.PULL_NOT_FOUND, ResponseCode.PULL_RETRY_IMMEDIATELY, ResponseCode.PULL_OFFSET_MOVED -> {
                String next = response.ext("nextBeginOffset");
                if (next != null) {
                    offset = Long.parseLong(next);
                }
                return 0;
            }
            default -> throw new ClientException(response.getCode(), "pull from " + queue + " failed (code "
                    + response.getCode() + "): " + response.getRemark());
        }
    }

    private static int decode(byte[] body, RecordSink sink) {
        if (body == null) {
            return 0;
        }
        ByteBuffer buf = ByteBuffer.wrap(body);
        int pos = 0;
        int count = 0;
        while (pos + 8 <= body.length) {
            int size = MessageRecord.totalSize(buf, pos);
            if (size <= 0 || pos + size > body.length) {
                throw new ClientException("malformed pull response: record of " + size + " bytes at " + pos
                        + " of " + body.length);
            }
            sink.accept(buf, pos);
            count++;
            pos += size;
        }
        return count;
    }
}
