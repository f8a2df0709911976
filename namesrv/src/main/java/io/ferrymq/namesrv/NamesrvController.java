package io.ferrymq.namesrv;

import io.ferrymq.namesrv.kv.KVConfigManager;
import io.ferrymq.namesrv.processor.NamesrvRequestProcessor;
import io.ferrymq.namesrv.route.RouteInfoManager;
import io.ferrymq.remoting.ChannelEventListener;
import io.ferrymq.remoting.netty.NettyRemotingServer;
import io.ferrymq.remoting.netty.NettyServerConfig;
import io.netty.channel.Channel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One name server: the remoting server, the route table, the KV config and the liveness scan,
 * wired together. {@link #start()} then {@link #shutdown()}; shutdown stops every thread.
 */
public final class NamesrvController {
    private static final Logger LOG = LoggerFactory.getLogger(NamesrvController.class);
    private static final int WORKER_QUEUE_CAPACITY = 10_000;

    private final NamesrvConfig config;
    private final RouteInfoManager routes;
    private final KVConfigManager kvConfig;
    private final NettyRemotingServer server;
    private final ExecutorService workers;
    private final ScheduledExecutorService scanner;

    public NamesrvController(NamesrvConfig config) {
        this(config, Clock.systemUTC());
    }

    public NamesrvController(NamesrvConfig config, Clock clock) {
        this.config = config;
        this.routes = new RouteInfoManager(clock, config.brokerChannelExpiredTimeMillis());
        this.kvConfig = new KVConfigManager(config.kvConfigPath());
        NettyServerConfig serverConfig = new NettyServerConfig()
                .setBindAddress(config.bindAddress())
                .setListenPort(config.listenPort())
                .setServerSelectorThreads(config.serverSelectorThreads())
                .setServerChannelMaxIdleTimeSeconds(config.serverChannelMaxIdleTimeSeconds())
                .setMaxFrameLength(config.serverMaxFrameLength());
        this.server = new NettyRemotingServer(serverConfig, new ChannelEventListener() {
            @Override
            public void onChannelClose(String remoteAddr, Channel channel) {
                routes.onChannelDestroy(channel);
            }

            @Override
            public void onChannelException(String remoteAddr, Channel channel) {
                routes.onChannelDestroy(channel);
            }

            @Override
            public void onChannelIdle(String remoteAddr, Channel channel) {
                routes.onChannelDestroy(channel);
            }
        });
        this.workers = new ThreadPoolExecutor(config.serverWorkerThreads(), config.serverWorkerThreads(), 60,
                TimeUnit.SECONDS, new LinkedBlockingQueue<>(WORKER_QUEUE_CAPACITY),
                new DefaultThreadFactory("NamesrvWorker"));
        this.scanner = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("NamesrvLivenessScan"));
    }

    public void start() {
        kvConfig.load();
        NamesrvRequestProcessor processor = new NamesrvRequestProcessor(config, routes, kvConfig);
        // per code, so unknown codes get the server's own REQUEST_CODE_NOT_SUPPORTED answer
        processor.codes().forEach(code -> server.registerProcessor(code, processor, workers));
        server.start();
        long interval = config.scanNotActiveBrokerIntervalMillis();
        scanner.scheduleAtFixedRate(this::scanQuietly, interval, interval, TimeUnit.MILLISECONDS);
        LOG.info("name server started on {}:{}", config.bindAddress(), server.localPort());
    }

    private void scanQuietly() {
        try {
            routes.scanNotActiveBroker();
        } catch (Throwable e) {
            LOG.error("broker liveness scan failed", e);
        }
    }

    public void shutdown() {
        scanner.shutdownNow();
        server.shutdown();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(3, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
            scanner.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("name server stopped");
    }

    /** The bound port (the configured one, or the ephemeral one picked for port 0). */
    public int port() {
        return server.localPort();
    }

    public RouteInfoManager routes() {
        return routes;
    }

    public NamesrvConfig config() {
        return config;
    }
}
