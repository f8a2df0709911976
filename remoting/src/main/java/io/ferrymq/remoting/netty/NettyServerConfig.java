package io.ferrymq.remoting.netty;

/** Settings of a remoting server; names follow RocketMQ's keys where it has them. */
public final class NettyServerConfig {
    private String bindAddress = "0.0.0.0";
    private int listenPort = 8888;
    private int serverSelectorThreads = 2;
    private int serverCallbackExecutorThreads = 2;
    private int serverAsyncSemaphoreValue = 64;
    private int serverOnewaySemaphoreValue = 256;
    private int serverChannelMaxIdleTimeSeconds = 120;
    private int maxFrameLength = 16 * 1024 * 1024;
    private int serverSocketBacklog = 1024;

    public String getBindAddress() {
        return bindAddress;
    }

    public NettyServerConfig setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
        return this;
    }

    public int getListenPort() {
        return listenPort;
    }

    /** 0 picks a free ephemeral port; {@link NettyRemotingServer#localPort()} tells which. */
    public NettyServerConfig setListenPort(int listenPort) {
        this.listenPort = listenPort;
        return this;
    }

    public int getServerSelectorThreads() {
        return serverSelectorThreads;
    }

    public NettyServerConfig setServerSelectorThreads(int serverSelectorThreads) {
        this.serverSelectorThreads = serverSelectorThreads;
        return this;
    }

    public int getServerCallbackExecutorThreads() {
        return serverCallbackExecutorThreads;
    }

    public NettyServerConfig setServerCallbackExecutorThreads(int threads) {
        this.serverCallbackExecutorThreads = threads;
        return this;
    }

    public int getServerAsyncSemaphoreValue() {
        return serverAsyncSemaphoreValue;
    }

    public NettyServerConfig setServerAsyncSemaphoreValue(int value) {
        this.serverAsyncSemaphoreValue = value;
        return this;
    }

    public int getServerOnewaySemaphoreValue() {
        return serverOnewaySemaphoreValue;
    }

    public NettyServerConfig setServerOnewaySemaphoreValue(int value) {
        this.serverOnewaySemaphoreValue = value;
        return this;
    }

    public int getServerChannelMaxIdleTimeSeconds() {
        return serverChannelMaxIdleTimeSeconds;
    }

    public NettyServerConfig setServerChannelMaxIdleTimeSeconds(int seconds) {
        this.serverChannelMaxIdleTimeSeconds = seconds;
        return this;
    }

    public int getMaxFrameLength() {
        return maxFrameLength;
    }

    public NettyServerConfig setMaxFrameLength(int maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
        return this;
    }

    public int getServerSocketBacklog() {
        return serverSocketBacklog;
    }

    public NettyServerConfig setServerSocketBacklog(int backlog) {
        this.serverSocketBacklog = backlog;
        return this;
    }
}
