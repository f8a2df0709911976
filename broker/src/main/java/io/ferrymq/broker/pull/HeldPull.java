package io.ferrymq.broker.pull;

import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.store.MessageFilter;
import io.netty.channel.ChannelHandlerContext;

/** A pull request parked until a message arrives at {@code offset} or its deadline passes. */
record HeldPull(ChannelHandlerContext ctx, RemotingCommand request, String topic, int queueId, long offset,
                MessageFilter filter, long deadlineNanos) {
}
