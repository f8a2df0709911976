package io.ferrymq.remoting.netty;

import io.ferrymq.remoting.RemotingAddress;
import io.ferrymq.remoting.protocol.RemotingCommandCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the stream into frames (4-byte length prefix, bounded by {@code maxFrameLength}) and
 * decodes each into a command. Any malformed, lying or oversized frame closes this connection
 * with one log line; other connections are untouched.
 */
public final class NettyDecoder extends LengthFieldBasedFrameDecoder {
    private static final Logger LOG = LoggerFactory.getLogger(NettyDecoder.class);
    private boolean closing;

    public NettyDecoder(int maxFrameLength) {
        super(maxFrameLength, 0, 4, 0, 4);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) {
        if (closing) {
            in.skipBytes(in.readableBytes());
            return null;
        }
        ByteBuf frame = null;
        try {
            frame = (ByteBuf) super.decode(ctx, in);
            if (frame == null) {
                return null;
            }
            return RemotingCommandCodec.decode(frame);
        } catch (Exception e) {
            closing = true;
            in.skipBytes(in.readableBytes());
            LOG.warn("closing connection {}: undecodable frame: {}", RemotingAddress.remote(ctx.channel()),
                    e.getMessage());
            ctx.close();
            return null;
        } finally {
            if (frame != null) {
                frame.release();
            }
        }
    }
}
