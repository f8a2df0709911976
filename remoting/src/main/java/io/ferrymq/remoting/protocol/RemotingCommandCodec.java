package io.ferrymq.remoting.protocol;

import io.ferrymq.remoting.exception.RemotingCommandException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Frame layout (the length word is stripped by the frame decoder before {@link #decode}):
 *
 * <pre>
 *  0        4               5                 8            8+h
 *  +--------+---------------+-----------------+------------+------+
 *  | length | serializeType | headerLength    | header     | body |
 *  | 4      | 1             | 3 (unsigned)    | h bytes    | rest |
 *  +--------+---------------+-----------------+------------+------+
 *  length = 4 + h + bodyLength
 * </pre>
 */
public final class RemotingCommandCodec {
    /** Bytes before the header: the length word and the type/header-length word. */
    public static final int PREFIX_LENGTH = 8;
    private static final int MAX_HEADER_LENGTH = 0xFFFFFF;

    private RemotingCommandCodec() {
    }

    /** Serializes the header in the command's own serialization type. */
    public static byte[] encodeHeader(RemotingCommand cmd) {
        byte[] header = cmd.getSerializeType() == SerializeType.ROCKETMQ
                ? BinaryHeaderCodec.encode(cmd)
                : JsonHeaderCodec.encode(cmd);
        if (header.length > MAX_HEADER_LENGTH) {
            throw new RemotingCommandException("header too long: " + header.length + " bytes");
        }
        return header;
    }

    /** Writes the length word, type word and header; the caller appends the body. */
    public static ByteBuf encodePrefixAndHeader(ByteBufAllocator alloc, RemotingCommand cmd) {
        byte[] header = encodeHeader(cmd);
        ByteBuf out = alloc.buffer(PREFIX_LENGTH + header.length);
        out.writeInt(4 + header.length + cmd.bodyLength());
        out.writeInt((cmd.getSerializeType().code() << 24) | header.length);
        out.writeBytes(header);
        return out;
    }

    /** Decodes one frame whose length word has already been removed. */
    public static RemotingCommand decode(ByteBuf frame) {
        int frameLength = frame.readableBytes();
        if (frameLength < 4) {
            throw new RemotingCommandException("frame too short: " + frameLength + " bytes");
        }
        int word = frame.readInt();
        SerializeType type = SerializeType.ofCode((word >>> 24) & 0xFF);
        if (type == null) {
            throw new RemotingCommandException("unknown serialize type " + ((word >>> 24) & 0xFF));
        }
        int headerLength = word & MAX_HEADER_LENGTH;
        if (headerLength > frame.readableBytes()) {
            throw new RemotingCommandException("header length " + headerLength + " exceeds frame of "
                    + frameLength + " bytes");
        }
        byte[] header = new byte[headerLength];
        frame.readBytes(header);
        RemotingCommand cmd = RemotingCommand.empty();
        cmd.setSerializeType(type);
        cmd.setVersion(0);
        if (type == SerializeType.ROCKETMQ) {
            BinaryHeaderCodec.decode(header, cmd);
        } else {
            JsonHeaderCodec.decode(header, cmd);
        }
        int bodyLength = frame.readableBytes();
        if (bodyLength > 0) {
            byte[] body = new byte[bodyLength];
            frame.readBytes(body);
            cmd.setBody(body);
        }
        return cmd;
    }
}
