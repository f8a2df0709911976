package io.ferrymq.remoting.netty;

/** Settings of a remoting client; names follow RocketMQ's keys where it has them. */
public final class NettyClientConfig {
    private int clientWorkerThreads = 2;
    private int clientCallbackExecutorThreads = 2;
    private int clientAsyncSemaphoreValue = 65535;
    private int clientOnewaySemaphoreValue = 65535;
    private int connectTimeoutMillis = 3000;
    private int clientChannelMaxIdleTimeSeconds = 120;
    private int maxFrameLength = 16 * 1024 * 1024;
    private boolean closeSocketIfTimeout = true;

    public int getClientWorkerThreads() {
        return clientWorkerThreads;
    }

    public NettyClientConfig setClientWorkerThreads(int threads) {
        this.clientWorkerThreads = threads;
        return this;
    }

    public int getClientCallbackExecutorThreads() {
        return clientCallbackExecutorThreads;
    }

    public NettyClientConfig setClientCallbackExecutorThreads(int threads) {
        this.clientCallbackExecutorThreads = threads;
        return this;
    }

    public int getClientAsyncSemaphoreValue() {
        return clientAsyncSemaphoreValue;
    }

    public NettyClientConfig setClientAsyncSemaphoreValue(int value) {
        this.clientAsyncSemaphoreValue = value;
        return this;
    }

    public int getClientOnewaySemaphoreValue() {
        return clientOnewaySemaphoreValue;
    }

    public NettyClientConfig setClientOnewaySemaphoreValue(int value) {
        this.clientOnewaySemaphoreValue = value;
        return this;
    }

    public int getConnectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    public NettyClientConfig setConnectTimeoutMillis(int millis) {
        this.connectTimeoutMillis = millis;
        return this;
    }

    public int getClientChannelMaxIdleTimeSeconds() {
        return clientChannelMaxIdleTimeSeconds;
    }

    public NettyClientConfig setClientChannelMaxIdleTimeSeconds(int seconds) {
        this.clientChannelMaxIdleTimeSeconds = seconds;
        return this;
    }

    public int getMaxFrameLength() {
        return maxFrameLength;
    }

    public NettyClientConfig setMaxFrameLength(int maxFrameLength) {
        this.maxFrameLength = maxFrameLength;
        return this;
    }

    public boolean isCloseSocketIfTimeout() {
        return closeSocketIfTimeout;
    }

    /** Like the official client, a sync call that times out closes its connection (default true). */
    public NettyClientConfig setCloseSocketIfTimeout(boolean close) {
        this.closeSocketIfTimeout = close;
        return this;
    }
}
