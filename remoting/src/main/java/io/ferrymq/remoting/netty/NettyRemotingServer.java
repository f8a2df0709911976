package io.ferrymq.remoting.netty;

import io.ferrymq.remoting.ChannelEventListener;
import io.ferrymq.remoting.InvokeCallback;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remoting server: accepts connections, decodes frames, dispatches requests to processors and
 * can itself call its clients (check-back, notifications). {@link #shutdown()} closes every
 * connection and stops every thread it started.
 */
public class NettyRemotingServer extends NettyRemotingEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(NettyRemotingServer.class);

    private final NettyServerConfig config;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final ConnectionEventHandler connectionHandler;
    private volatile Channel serverChannel;
    private volatile int localPort = -1;

    public NettyRemotingServer(NettyServerConfig config, ChannelEventListener listener) {
        super("RemotingServer", config.getServerAsyncSemaphoreValue(), config.getServerOnewaySemaphoreValue(),
                config.getServerCallbackExecutorThreads(), listener);
        this.config = config;
        this.bossGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("RemotingServerBoss"));
        this.workerGroup = new NioEventLoopGroup(config.getServerSelectorThreads(),
                new DefaultThreadFactory("RemotingServerIO"));
        this.connectionHandler = new ConnectionEventHandler((kind, channel) -> {
            if ("CONNECT".equals(kind)) {
                channels.add(channel);
            } else if ("CLOSE".equals(kind)) {
                failRequestsOn(channel);
            }
            fireEvent(kind, channel);
        });
    }

    /** Binds the listening socket and accepts connections; throws if the port is taken. */
    public void start() {
        bind();
        acceptConnections();
    }

    /**
     * Binds the listening socket without accepting connections yet (clients that connect wait in the
     * backlog), so that the port is known and taken before the processors are ready; throws if the
     * port is taken. {@link #acceptConnections()} then opens the door.
     */
    public void bind() {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, config.getServerSocketBacklog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, false)
                .childOption(ChannelOption.AUTO_READ, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        initPipeline(ch, config.getServerChannelMaxIdleTimeSeconds(), config.getMaxFrameLength(),
                                connectionHandler);
                    }
                });
        InetSocketAddress bindTo = new InetSocketAddress(config.getBindAddress(), config.getListenPort());
        try {
            serverChannel = bootstrap.bind(bindTo).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            shutdown();
            throw new IllegalStateException("cannot listen on " + bindTo + ": " + e.getMessage(), e);
        }
        localPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Starts accepting the connections of a {@link #bind() bound} server. */
    public void acceptConnections() {
        Channel ch = serverChannel;
        if (ch == null) {
            throw new IllegalStateException("not bound");
        }
        ch.config().setAutoRead(true);
        LOG.info("remoting server listening on {}:{}", config.getBindAddress(), localPort);
    }

    /** The port actually bound (useful with an ephemeral port). */
    public int localPort() {
        return localPort;
    }

    public RemotingCommand invokeSync(Channel channel, RemotingCommand request, long timeoutMillis) {
        return super.invokeSync(channel, request, timeoutMillis);
    }

    public void invokeAsync(Channel channel, RemotingCommand request, long timeoutMillis, InvokeCallback callback) {
        super.invokeAsync(channel, request, timeoutMillis, callback);
    }

    public void invokeOneway(Channel channel, RemotingCommand request, long timeoutMillis) {
        super.invokeOneway(channel, request, timeoutMillis);
    }

    public void shutdown() {
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        channels.close().awaitUninterruptibly(3, TimeUnit.SECONDS);
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        shutdownEndpoint();
        LOG.info("remoting server on port {} stopped", localPort);
    }
}
