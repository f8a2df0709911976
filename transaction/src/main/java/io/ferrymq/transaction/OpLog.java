package io.ferrymq.transaction;

import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.commitlog.PutResult;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;

/**
 * Op records: one message per event in {@code RMQ_SYS_TRANS_OP_HALF_TOPIC} queue 0, tagged with its
 * {@link OpKind}, body = the transaction's root (half-queue offset) in decimal, as RocketMQ writes it.
 */
final class OpLog {
    static final int OP_QUEUE_ID = 0;

    private final MessageStore store;
    private final InetSocketAddress brokerAddress;
    private final InstantSource clock;

    OpLog(MessageStore store, InetSocketAddress brokerAddress, InstantSource clock) {
        this.store = store;
        this.brokerAddress = brokerAddress;
        this.clock = clock;
    }

    CompletableFuture<PutResult> append(long root, OpKind kind) {
        MessageExt op = new MessageExt();
        op.setTopic(SystemTopics.TRANS_OP_HALF_TOPIC);
        op.setQueueId(OP_QUEUE_ID);
        op.setTags(kind.tag());
        op.setBody(Long.toString(root).getBytes(StandardCharsets.UTF_8));
        op.setBornTimestamp(clock.millis());
        op.setBornHost(brokerAddress);
        op.setStoreHost(brokerAddress);
        return store.putMessage(op);
    }

    /** The root an op record names, or -1 when its body is not an offset. */
    static long rootOf(MessageExt op) {
        byte[] body = op.getBody();
        if (body == null || body.length == 0 || body.length > 20) {
            return -1;
        }
        try {
            return Long.parseLong(new String(body, StandardCharsets.UTF_8).trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
