package io.ferrymq.client.internal;

import io.ferrymq.common.message.MalformedMessageException;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.remoting.RemotingAddress;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CHECK_TRANSACTION_STATE (39, oneway, broker → client): hands each check to the transactional
 * producer of the message's {@code PGROUP}. Checks run on their own bounded executor, so a slow
 * local lookup (a database query) never holds a Netty thread or the other callbacks; when it is
 * full a check is dropped, and the broker asks again at its next scan.
 */
final class TransactionCheckRouter implements RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionCheckRouter.class);
    private static final int THREADS = 2;
    private static final int QUEUE_CAPACITY = 2_000;

    private final Map<String, Consumer<TransactionCheck>> handlers = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor executor;

    TransactionCheckRouter() {
        executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), new DefaultThreadFactory("FerryTransactionCheck", true));
        executor.allowCoreThreadTimeOut(true);
    }

    ExecutorService executor() {
        return executor;
    }

    void register(String producerGroup, Consumer<TransactionCheck> handler) {
        if (handlers.putIfAbsent(producerGroup, handler) != null) {
            throw new IllegalStateException("a transactional producer of group " + producerGroup
                    + " is already registered in this client instance");
        }
    }

    void unregister(String producerGroup) {
        handlers.remove(producerGroup);
    }

    /** Runs on {@link #executor()}: decodes the check and runs the group's handler. */
    @Override
    public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) {
        String brokerAddr = RemotingAddress.remote(ctx.channel());
        MessageExt message;
        try {
            message = MessageRecord.decode(ByteBuffer.wrap(request.getBody() == null ? new byte[0] : request.getBody()),
                    true, true);
        } catch (MalformedMessageException | UnsupportedOperationException e) {
            LOG.warn("check-back from {} carries no readable message, ignored: {}", brokerAddr, e.getMessage());
            return null;
        }
        String group = message.getProperty(MessageConst.PGROUP);
        Consumer<TransactionCheck> handler = group == null ? null : handlers.get(group);
        if (handler == null) {
            LOG.debug("check-back from {} for group {} that has no transactional producer here", brokerAddr, group);
            return null;
        }
        handler.accept(new TransactionCheck(brokerAddr, request.requireExtLong("tranStateTableOffset"),
                request.requireExtLong("commitLogOffset"), request.ext("msgId"), request.ext("transactionId"),
                message));
        return null;
    }

    void close() {
        executor.shutdownNow();
    }
}
