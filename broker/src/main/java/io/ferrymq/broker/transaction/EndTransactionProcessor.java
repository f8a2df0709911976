package io.ferrymq.broker.transaction;

import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.RemotingAddress;
import io.ferrymq.remoting.netty.NettyRemotingEndpoint;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.MessageStore;
import io.ferrymq.transaction.EndTransactionRequest;
import io.ferrymq.transaction.EndTransactionResult;
import io.ferrymq.transaction.TransactionService;
import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * END_TRANSACTION (37): the official clients send it oneway, so outcomes are logged; a caller that
 * waits for an answer gets SUCCESS or SYSTEM_ERROR with the reason.
 */
public final class EndTransactionProcessor implements RequestProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(EndTransactionProcessor.class);

    private final TransactionService transactions;
    private final MessageStore store;

    public EndTransactionProcessor(TransactionService transactions, MessageStore store) {
        this.transactions = transactions;
        this.store = store;
    }

    /**
     * The usual end, moments after the half message was stored, reads it from mapped memory and queues
     * two appends whose answers come back asynchronously: that runs on the I/O thread. An end whose
     * half message is no longer mapped (an old transaction), and a check-back's answer (which first looks
     * the message up by key in the index), go to the executor.
     */
    @Override
    public boolean runsInline(RemotingCommand request) {
        String offset = request.ext("commitLogOffset");
        if (offset == null || "true".equals(request.ext("fromTransactionCheck"))) {
            return false;
        }
        try {
            return store.isLogOffsetInMemory(Long.parseLong(offset));
        } catch (NumberFormatException e) {
            return false;
        }
    }

    @Override
    public RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) {
        EndTransactionRequest end = new EndTransactionRequest(request.requireExt("producerGroup"),
                request.requireExtLong("tranStateTableOffset"), request.requireExtLong("commitLogOffset"),
                request.requireExtInt("commitOrRollback"), request.extBoolean("fromTransactionCheck", false),
                request.ext("msgId"), RemotingAddress.remote(ctx.channel()));
        transactions.endTransaction(end).whenComplete((result, error) -> {
            if (error != null || result.isError()) {
                LOG.warn("END_TRANSACTION from {} (group {}, offset {}) failed: {}",
                        RemotingAddress.remote(ctx.channel()), end.producerGroup(), end.commitLogOffset(),
                        error != null ? error.toString() : result.status() + " " + result.detail());
            }
            NettyRemotingEndpoint.reply(ctx, request, response(request, result, error));
        });
        return null;
    }

    private static RemotingCommand response(RemotingCommand request, EndTransactionResult result, Throwable error) {
        if (error != null) {
            return RemotingCommand.createResponse(request, ResponseCode.SYSTEM_ERROR, error.toString());
        }
        if (result.isError()) {
            return RemotingCommand.createResponse(request, ResponseCode.SYSTEM_ERROR,
                    result.status() + ": " + result.detail());
        }
        return RemotingCommand.createResponse(request, ResponseCode.SUCCESS, null);
    }
}
