package io.ferrymq.remoting.netty;

import io.ferrymq.remoting.ChannelEventListener;
import io.ferrymq.remoting.InvokeCallback;
import io.ferrymq.remoting.RemotingAddress;
import io.ferrymq.remoting.exception.RemotingConnectException;
import io.ferrymq.remoting.exception.RemotingException;
import io.ferrymq.remoting.exception.RemotingTimeoutException;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remoting client: one connection per "host:port", opened on first use and reopened after it
 * closes. Requests the server sends to us (check-back, notifications) go to registered processors.
 */
public class NettyRemotingClient extends NettyRemotingEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(NettyRemotingClient.class);

    private final NettyClientConfig config;
    private final EventLoopGroup workerGroup;
    private final Bootstrap bootstrap;
    private final Map<String, ChannelFuture> channels = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    public NettyRemotingClient(NettyClientConfig config) {
        this(config, null);
    }

    public NettyRemotingClient(NettyClientConfig config, ChannelEventListener listener) {
        super("RemotingClient", config.getClientAsyncSemaphoreValue(), config.getClientOnewaySemaphoreValue(),
                config.getClientCallbackExecutorThreads(), listener);
        this.config = config;
        this.workerGroup = new NioEventLoopGroup(config.getClientWorkerThreads(),
                new DefaultThreadFactory("RemotingClientIO", true));
        ConnectionEventHandler connectionHandler = new ConnectionEventHandler((kind, channel) -> {
            if (!"CONNECT".equals(kind)) {
                failRequestsOn(channel);
            }
            fireEvent(kind, channel);
        });
        this.bootstrap = new Bootstrap()
                .group(workerGroup)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, false)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, config.getConnectTimeoutMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initPipeline(ch, config.getClientChannelMaxIdleTimeSeconds(), config.getMaxFrameLength(),
                                connectionHandler);
                    }
                });
    }

    /** Sends a request to {@code addr} and waits for the response. */
    public RemotingCommand invokeSync(String addr, RemotingCommand request, long timeoutMillis) {
        Channel channel = channel(addr);
        try {
            return invokeSync(channel, request, timeoutMillis);
        } catch (RemotingTimeoutException e) {
            if (config.isCloseSocketIfTimeout()) {
                LOG.warn("closing connection to {} after a timed-out call", addr);
                closeChannel(addr, channel);
            }
            throw e;
        }
    }

    public void invokeAsync(String addr, RemotingCommand request, long timeoutMillis, InvokeCallback callback) {
        invokeAsync(channel(addr), request, timeoutMillis, callback);
    }

    public void invokeOneway(String addr, RemotingCommand request, long timeoutMillis) {
        invokeOneway(channel(addr), request, timeoutMillis);
    }

    /** The open connection to {@code addr}, connecting if needed. */
    public Channel channel(String addr) {
        if (stopped) {
            throw new RemotingException("client is shut down");
        }
        ChannelFuture future = channels.get(addr);
        if (future == null || (future.isDone() && !future.channel().isActive())) {
            future = connect(addr, future);
        }
        if (!future.awaitUninterruptibly(config.getConnectTimeoutMillis() + 100L)) {
            throw new RemotingConnectException(addr, new java.io.IOException("connect timed out"));
        }
        if (!future.isSuccess() || !future.channel().isActive()) {
            channels.remove(addr, future);
            throw new RemotingConnectException(addr, future.cause());
        }
        return future.channel();
    }

    private synchronized ChannelFuture connect(String addr, ChannelFuture stale) {
        ChannelFuture current = channels.get(addr);
        if (current != null && current != stale) {
            return current;
        }
        InetSocketAddress target = RemotingAddress.parse(addr);
        ChannelFuture future = bootstrap.connect(target.getHostString(), target.getPort());
        channels.put(addr, future);
        future.channel().closeFuture().addListener(f -> channels.remove(addr, future));
        return future;
    }

    public void closeChannel(String addr) {
        ChannelFuture future = channels.remove(addr);
        if (future != null) {
            future.channel().close();
        }
    }

    private void closeChannel(String addr, Channel channel) {
        ChannelFuture future = channels.get(addr);
        if (future != null && future.channel() == channel) {
            channels.remove(addr, future);
        }
        channel.close();
    }

    public void shutdown() {
        stopped = true;
        channels.values().forEach(f -> f.channel().close().awaitUninterruptibly(1, TimeUnit.SECONDS));
        channels.clear();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        shutdownEndpoint();
    }
}
