package io.ferrymq.remoting.netty;

import io.ferrymq.remoting.ChannelEventListener;
import io.ferrymq.remoting.InvokeCallback;
import io.ferrymq.remoting.RemotingAddress;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.exception.RemotingException;
import io.ferrymq.remoting.exception.RemotingSendRequestException;
import io.ferrymq.remoting.exception.RemotingTimeoutException;
import io.ferrymq.remoting.exception.RemotingTooMuchRequestException;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a server and a client share: the request-code → (processor, executor) table with its busy
 * reply, the opaque → outstanding-request table, sync/async/oneway calls over a channel, and
 * connection events delivered on their own thread.
 */
public abstract class NettyRemotingEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(NettyRemotingEndpoint.class);
    static final String BUSY_REMARK = "[OVERLOAD]system busy, start flow control for a while";
    /** Consolidated flushes after which a flush is done anyway (Netty's default). */
    private static final int FLUSH_AT_MOST_EVERY = 256;

    private final Map<Integer, ProcessorBinding> processors = new ConcurrentHashMap<>();
    private final Map<Integer, ResponseFuture> responseTable = new ConcurrentHashMap<>();
    private final Map<Integer, Channel> channelOfRequest = new ConcurrentHashMap<>();
    private volatile ProcessorBinding defaultProcessor;
    private final Semaphore asyncPermits;
    private final Semaphore onewayPermits;
    private final HashedWheelTimer timeoutTimer;
    private final ExecutorService callbackExecutor;
    private final ExecutorService eventExecutor;
    private final ChannelEventListener eventListener;

    private record ProcessorBinding(RequestProcessor processor, ExecutorService executor) {
    }

    protected NettyRemotingEndpoint(String name, int asyncPermits, int onewayPermits, int callbackThreads,
                                    ChannelEventListener eventListener) {
        this.asyncPermits = new Semaphore(asyncPermits, true);
        this.onewayPermits = new Semaphore(onewayPermits, true);
        this.timeoutTimer = new HashedWheelTimer(new DefaultThreadFactory(name + "Timeout", true), 10,
                TimeUnit.MILLISECONDS);
        this.callbackExecutor = Executors.newFixedThreadPool(callbackThreads,
                new DefaultThreadFactory(name + "Callback", true));
        this.eventListener = eventListener;
        this.eventExecutor = eventListener == null ? null
                : Executors.newSingleThreadExecutor(new DefaultThreadFactory(name + "Events", true));
    }

    /**
     * The pipeline both ends use: flush consolidation, idle detection, framing with the size limit,
     * encoding, connection events, then dispatch of decoded commands to this endpoint.
     *
     * <p>Responses and requests are mostly written from threads other than the channel's event loop
     * (store completions, callers), each with its own flush; consolidating them turns a burst of
     * flushes queued on the loop into one write system call instead of one per command.
     */
    protected final void initPipeline(Channel ch, int idleSeconds, int maxFrameLength, ChannelHandler connectionHandler) {
        ch.pipeline().addLast(
                new FlushConsolidationHandler(FLUSH_AT_MOST_EVERY, true),
                new IdleStateHandler(0, 0, idleSeconds, TimeUnit.SECONDS),
                new NettyDecoder(maxFrameLength),
                NettyEncoder.INSTANCE,
                connectionHandler,
                commandHandler);
    }

    private final CommandHandler commandHandler = new CommandHandler();

    @ChannelHandler.Sharable
    private final class CommandHandler extends SimpleChannelInboundHandler<RemotingCommand> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RemotingCommand cmd) {
            onCommand(ctx, cmd);
        }
    }

    /** Routes requests with {@code code} to {@code processor}, run on {@code executor}. */
    public void registerProcessor(int code, RequestProcessor processor, ExecutorService executor) {
        processors.put(code, new ProcessorBinding(processor, executor));
    }

    /** Handles every code without its own processor. */
    public void registerDefaultProcessor(RequestProcessor processor, ExecutorService executor) {
        this.defaultProcessor = new ProcessorBinding(processor, executor);
    }

    /** Entry point from the pipeline, on an I/O thread: must not block. */
    protected final void onCommand(ChannelHandlerContext ctx, RemotingCommand cmd) {
        if (cmd.isResponse()) {
            onResponse(cmd);
        } else {
            onRequest(ctx, cmd);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, RemotingCommand request) {
        ProcessorBinding binding = processors.getOrDefault(request.getCode(), defaultProcessor);
        if (binding == null) {
            reply(ctx, request, RemotingCommand.createResponse(request, ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                    " request type " + request.getCode() + " not supported"));
            return;
        }
        if (binding.processor().rejectRequest()) {
            reply(ctx, request, RemotingCommand.createResponse(request, ResponseCode.SYSTEM_BUSY, BUSY_REMARK));
            return;
        }
        if (binding.processor().runsInline(request)) {
            runProcessor(binding.processor(), ctx, request);
            return;
        }
        try {
            binding.executor().execute(() -> runProcessor(binding.processor(), ctx, request));
        } catch (RejectedExecutionException e) {
            LOG.warn("too many requests of code {} from {}, answering busy", request.getCode(),
                    RemotingAddress.remote(ctx.channel()));
            reply(ctx, request, RemotingCommand.createResponse(request, ResponseCode.SYSTEM_BUSY, BUSY_REMARK));
        }
    }

    private void runProcessor(RequestProcessor processor, ChannelHandlerContext ctx, RemotingCommand request) {
        RemotingCommand response;
        try {
            response = processor.processRequest(ctx, request);
        } catch (Throwable e) {
            LOG.warn("request code {} from {} failed: {}", request.getCode(), RemotingAddress.remote(ctx.channel()),
                    e.toString());
            response = RemotingCommand.createResponse(request, ResponseCode.SYSTEM_ERROR, e.toString());
        }
        if (response != null) {
            reply(ctx, request, response);
        }
    }

    /**
     * Writes {@code response} unless the request was oneway. A body buffer of the response is released
     * whatever happens (written, dropped for a oneway request, or failed on a closed connection).
     */
    public static void reply(ChannelHandlerContext ctx, RemotingCommand request, RemotingCommand response) {
        ByteBuf body = response.getBodyBuf();
        if (request.isOneway()) {
            if (body != null) {
                body.release();
            }
            return;
        }
        response.setOpaque(request.getOpaque());
        response.markResponse();
        ctx.writeAndFlush(response).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.warn("writing response to {} failed: {}", RemotingAddress.remote(ctx.channel()),
                        String.valueOf(f.cause()));
                // Netty releases what reached the socket's queue; a body never encoded is still ours.
                if (body != null && body.refCnt() > 0) {
                    body.release();
                }
            }
        });
    }

    private void onResponse(RemotingCommand response) {
        ResponseFuture future = responseTable.remove(response.getOpaque());
        channelOfRequest.remove(response.getOpaque());
        if (future == null) {
            LOG.debug("response with opaque {} matches no request (late or unknown)", response.getOpaque());
            return;
        }
        complete(future, response, null);
    }

    private void complete(ResponseFuture future, RemotingCommand response, Throwable failure) {
        if (!future.complete(response, failure) || future.callback() == null) {
            return;
        }
        try {
            callbackExecutor.execute(() -> runCallback(future, response, failure));
        } catch (RejectedExecutionException e) {
            runCallback(future, response, failure);
        }
    }

    private static void runCallback(ResponseFuture future, RemotingCommand response, Throwable failure) {
        try {
            future.callback().onComplete(response, failure);
        } catch (Throwable e) {
            LOG.warn("invoke callback for opaque {} threw", future.opaque(), e);
        }
    }

    /** Sends {@code request} and waits for its response at most {@code timeoutMillis}. */
    protected RemotingCommand invokeSync(Channel channel, RemotingCommand request, long timeoutMillis) {
        String addr = RemotingAddress.remote(channel);
        ResponseFuture future = register(channel, request, addr, timeoutMillis, null, null);
        write(channel, request, future);
        try {
            return future.result().get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            forget(request.getOpaque());
            throw new RemotingTimeoutException(addr, timeoutMillis);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RemotingException re ? re : new RemotingSendRequestException(addr, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            forget(request.getOpaque());
            throw new RemotingException("interrupted waiting for a response from " + addr, e);
        }
    }

    /** Sends {@code request}; {@code callback} runs once with the response or the failure. */
    protected void invokeAsync(Channel channel, RemotingCommand request, long timeoutMillis, InvokeCallback callback) {
        String addr = RemotingAddress.remote(channel);
        acquire(asyncPermits, timeoutMillis, "async", addr);
        ResponseFuture future = register(channel, request, addr, timeoutMillis, callback, asyncPermits);
        Timeout timeout = timeoutTimer.newTimeout(t -> {
            if (responseTable.remove(request.getOpaque(), future)) {
                channelOfRequest.remove(request.getOpaque());
                complete(future, null, new RemotingTimeoutException(addr, timeoutMillis));
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        future.result().whenComplete((r, e) -> timeout.cancel());
        write(channel, request, future);
    }

    /** Sends {@code request} marked oneway; nothing comes back. */
    protected void invokeOneway(Channel channel, RemotingCommand request, long timeoutMillis) {
        String addr = RemotingAddress.remote(channel);
        request.markOneway();
        acquire(onewayPermits, timeoutMillis, "oneway", addr);
        channel.writeAndFlush(request).addListener(f -> {
            onewayPermits.release();
            if (!f.isSuccess()) {
                LOG.warn("oneway request code {} to {} failed: {}", request.getCode(), addr, String.valueOf(f.cause()));
            }
        });
    }

    private void acquire(Semaphore permits, long timeoutMillis, String kind, String addr) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new RemotingTooMuchRequestException("too many " + kind + " requests outstanding to " + addr
                    + " (" + permits.availablePermits() + " permits free after " + timeoutMillis + " ms)");
        }
    }

    private ResponseFuture register(Channel channel, RemotingCommand request, String addr, long timeoutMillis,
                                    InvokeCallback callback, Semaphore permits) {
        ResponseFuture future = new ResponseFuture(request.getOpaque(), addr, timeoutMillis, callback, permits);
        responseTable.put(request.getOpaque(), future);
        channelOfRequest.put(request.getOpaque(), channel);
        return future;
    }

    private void write(Channel channel, RemotingCommand request, ResponseFuture future) {
        channel.writeAndFlush(request).addListener(f -> {
            if (!f.isSuccess()) {
                forget(request.getOpaque());
                complete(future, null, new RemotingSendRequestException(future.remoteAddr(), f.cause()));
            }
        });
    }

    private void forget(int opaque) {
        responseTable.remove(opaque);
        channelOfRequest.remove(opaque);
    }

    /** Fails at once every call waiting on a channel that just closed. */
    protected void failRequestsOn(Channel channel) {
        channelOfRequest.forEach((opaque, ch) -> {
            if (ch == channel && channelOfRequest.remove(opaque, ch)) {
                ResponseFuture future = responseTable.remove(opaque);
                if (future != null) {
                    complete(future, null, new RemotingSendRequestException(future.remoteAddr(),
                            new java.io.IOException("connection closed before the response arrived")));
                }
            }
        });
    }

    protected void fireEvent(String kind, Channel channel) {
        if (eventExecutor == null) {
            return;
        }
        String addr = RemotingAddress.remote(channel);
        try {
            eventExecutor.execute(() -> {
                try {
                    switch (kind) {
                        case "CONNECT" -> eventListener.onChannelConnect(addr, channel);
                        case "CLOSE" -> eventListener.onChannelClose(addr, channel);
                        case "IDLE" -> eventListener.onChannelIdle(addr, channel);
                        default -> eventListener.onChannelException(addr, channel);
                    }
                } catch (Throwable e) {
                    LOG.warn("channel event listener failed on {} of {}", kind, addr, e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("channel event {} of {} dropped during shutdown", kind, addr);
        }
    }

    /** Stops the endpoint's own threads; outstanding calls fail. */
    protected void shutdownEndpoint() {
        timeoutTimer.stop();
        responseTable.forEach((opaque, future) -> complete(future, null,
                new RemotingException("endpoint shut down before the response arrived")));
        responseTable.clear();
        channelOfRequest.clear();
        callbackExecutor.shutdown();
        if (eventExecutor != null) {
            eventExecutor.shutdown();
        }
        awaitQuietly(callbackExecutor);
        if (eventExecutor != null) {
            awaitQuietly(eventExecutor);
        }
    }

    private static void awaitQuietly(ExecutorService executor) {
        try {
            if (!executor.awaitTermination(3, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }
}
