package io.ferrymq.broker.client;

import io.ferrymq.remoting.protocol.LanguageCode;
import io.netty.channel.Channel;

/** A client connection as a member of a producer or consumer group, with when it was last heard from. */
public final class ClientChannel {
    private final String clientId;
    private final Channel channel;
    private final LanguageCode language;
    private final int version;
    private volatile long lastUpdateMillis;

    public ClientChannel(String clientId, Channel channel, LanguageCode language, int version, long nowMillis) {
        this.clientId = clientId;
        this.channel = channel;
        this.language = language;
        this.version = version;
        this.lastUpdateMillis = nowMillis;
    }

    public String clientId() {
        return clientId;
    }

    public Channel channel() {
        return channel;
    }

    public LanguageCode language() {
        return language;
    }

    public int version() {
        return version;
    }

    public long lastUpdateMillis() {
        return lastUpdateMillis;
    }

    void touch(long nowMillis) {
        lastUpdateMillis = nowMillis;
    }
}
