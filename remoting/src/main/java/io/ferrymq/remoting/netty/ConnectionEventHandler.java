package io.ferrymq.remoting.netty;

import io.ferrymq.remoting.RemotingAddress;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns channel life-cycle callbacks into endpoint events; closes idle and failing channels. */
@ChannelHandler.Sharable
final class ConnectionEventHandler extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionEventHandler.class);
    private final BiConsumer<String, io.netty.channel.Channel> sink;

    ConnectionEventHandler(BiConsumer<String, io.netty.channel.Channel> sink) {
        this.sink = sink;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        sink.accept("CONNECT", ctx.channel());
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        sink.accept("CLOSE", ctx.channel());
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            LOG.info("closing idle connection {}", RemotingAddress.remote(ctx.channel()));
            sink.accept("IDLE", ctx.channel());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("closing connection {} after error: {}", RemotingAddress.remote(ctx.channel()), cause.toString());
        sink.accept("EXCEPTION", ctx.channel());
        ctx.close();
    }
}
