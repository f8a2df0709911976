package io.ferrymq.remoting.netty;

import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RemotingCommandCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes a command as prefix + header, then the body as its own buffer (a wrapped array or the
 * command's zero-copy buffer), so a body is never copied into the frame.
 */
@ChannelHandler.Sharable
public final class NettyEncoder extends MessageToMessageEncoder<RemotingCommand> {
    public static final NettyEncoder INSTANCE = new NettyEncoder();

    private NettyEncoder() {
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RemotingCommand cmd, List<Object> out) {
        ByteBuf bodyBuf = cmd.getBodyBuf();
        try {
            out.add(RemotingCommandCodec.encodePrefixAndHeader(ctx.alloc(), cmd));
        } catch (RuntimeException e) {
            if (bodyBuf != null) {
                bodyBuf.release();
            }
            throw e;
        }
        if (bodyBuf != null) {
            cmd.setBodyBuf(null);
            out.add(bodyBuf);
        } else if (cmd.getBody() != null && cmd.getBody().length > 0) {
            out.add(Unpooled.wrappedBuffer(cmd.getBody()));
        }
    }
}
