package io.ferrymq.broker.lock;

import io.ferrymq.remoting.protocol.admin.MessageQueueKey;
import io.ferrymq.broker.processor.Responses;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.netty.channel.ChannelHandlerContext;
import java.util.Map;
import java.util.Set;

/** LOCK_BATCH_MQ (41) and UNLOCK_BATCH_MQ (42). */
public final class QueueLockProcessor {
    private final QueueLockManager locks;

    public QueueLockProcessor(QueueLockManager locks) {
        this.locks = locks;
    }

    public RemotingCommand lock(ChannelHandlerContext ctx, RemotingCommand request) {
        LockBatchBody body = RemotingJson.decode(request.getBody(), LockBatchBody.class);
        if (body.getConsumerGroup() == null || body.getClientId() == null) {
            return Responses.of(request, ResponseCode.SYSTEM_ERROR, "lock request needs consumerGroup and clientId");
        }
        Set<MessageQueueKey> locked = locks.tryLock(body.getConsumerGroup(), body.getMqSet(), body.getClientId());
        return Responses.success(request).setBody(RemotingJson.encode(Map.of("lockOKMQSet", locked)));
    }

    public RemotingCommand unlock(ChannelHandlerContext ctx, RemotingCommand request) {
        LockBatchBody body = RemotingJson.decode(request.getBody(), LockBatchBody.class);
        if (body.getConsumerGroup() != null && body.getClientId() != null) {
            locks.unlock(body.getConsumerGroup(), body.getMqSet(), body.getClientId());
        }
        return Responses.success(request);
    }
}
