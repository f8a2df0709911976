package io.ferrymq.transaction;

import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.commitlog.PutResult;
import java.net.InetSocketAddress;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;

/**
 * Op records: one message per event in {@code RMQ_SYS_TRANS_OP_HALF_TOPIC} queue 0 (layout in
 * {@link OpEntry}). The op queue is the history of every transaction; the check scan replays it.
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

    CompletableFuture<PutResult> append(OpEntry entry) {
        MessageExt op = new MessageExt();
        op.setTopic(SystemTopics.TRANS_OP_HALF_TOPIC);
        op.setQueueId(OP_QUEUE_ID);
        entry.writeTo(op);
        op.setBornTimestamp(clock.millis());
        op.setBornHost(brokerAddress);
        op.setStoreHost(brokerAddress);
        return store.putMessage(op);
    }
}
