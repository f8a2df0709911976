package io.ferrymq.remoting;

import io.netty.channel.Channel;

/** Connection life-cycle events, delivered in order on one event thread (not an I/O thread). */
public interface ChannelEventListener {
    default void onChannelConnect(String remoteAddr, Channel channel) {
    }

    default void onChannelClose(String remoteAddr, Channel channel) {
    }

    default void onChannelException(String remoteAddr, Channel channel) {
    }

    default void onChannelIdle(String remoteAddr, Channel channel) {
    }
}
