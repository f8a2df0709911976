package io.ferrymq.remoting.protocol;

import io.ferrymq.remoting.exception.RemotingCommandException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * RocketMQ's binary ("ROCKETMQ") header, big-endian:
 *
 * <pre>
 *  0      2        3         5        9       13            17
 *  +------+--------+---------+--------+-------+-------------+--------+-----------+-------+
 *  | code | lang   | version | opaque | flag  | remarkLen   | remark | extLen    | ext.. |
 *  | 2    | 1      | 2       | 4      | 4     | 4           | n      | 4         | m     |
 *  +------+--------+---------+--------+-------+-------------+--------+-----------+-------+
 *  ext entry: keyLen (2) | key | valueLen (4) | value
 * </pre>
 *
 * Every length is checked against what is left of the header before it is trusted.
 */
final class BinaryHeaderCodec {
    private static final int FIXED_LENGTH = 2 + 1 + 2 + 4 + 4 + 4 + 4;

    private BinaryHeaderCodec() {
    }

    static byte[] encode(RemotingCommand cmd) {
        byte[] remark = cmd.getRemark() == null ? null : cmd.getRemark().getBytes(StandardCharsets.UTF_8);
        Map<String, String> ext = cmd.getExtFields();
        int extLength = 0;
        byte[][] encodedExt = null;
        if (ext != null && !ext.isEmpty()) {
            encodedExt = new byte[ext.size() * 2][];
            int i = 0;
            for (Map.Entry<String, String> e : ext.entrySet()) {
                byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] value = e.getValue().getBytes(StandardCharsets.UTF_8);
                if (key.length > Short.MAX_VALUE) {
                    throw new RemotingCommandException("ext key too long: " + key.length + " bytes");
                }
                encodedExt[i++] = key;
                encodedExt[i++] = value;
                extLength += 2 + key.length + 4 + value.length;
            }
        }
        int remarkLength = remark == null ? 0 : remark.length;
        ByteBuffer out = ByteBuffer.allocate(FIXED_LENGTH + remarkLength + extLength);
        out.putShort((short) cmd.getCode());
        out.put(cmd.getLanguage().code());
        out.putShort((short) cmd.getVersion());
        out.putInt(cmd.getOpaque());
        out.putInt(cmd.getFlag());
        out.putInt(remarkLength);
        if (remark != null) {
            out.put(remark);
        }
        out.putInt(extLength);
        if (encodedExt != null) {
            for (int i = 0; i < encodedExt.length; i += 2) {
                out.putShort((short) encodedExt[i].length);
                out.put(encodedExt[i]);
                out.putInt(encodedExt[i + 1].length);
                out.put(encodedExt[i + 1]);
            }
        }
        return out.array();
    }

    static void decode(byte[] header, RemotingCommand cmd) {
        ByteBuffer in = ByteBuffer.wrap(header);
        if (in.remaining() < FIXED_LENGTH) {
            throw new RemotingCommandException("binary header too short: " + header.length + " bytes");
        }
        cmd.setCode(in.getShort());
        cmd.setLanguage(LanguageCode.ofCode(in.get()));
        cmd.setVersion(in.getShort());
        cmd.setOpaque(in.getInt());
        cmd.setFlag(in.getInt());
        cmd.setRemark(readString(in, in.getInt(), "remark"));
        int extLength = in.getInt();
        if (extLength < 0 || extLength > in.remaining()) {
            throw new RemotingCommandException("ext length " + extLength + " exceeds the header");
        }
        if (extLength > 0) {
            ByteBuffer ext = in.slice();
            ext.limit(extLength);
            cmd.setExtFields(decodeExt(ext));
        }
    }

    private static HashMap<String, String> decodeExt(ByteBuffer ext) {
        HashMap<String, String> fields = new HashMap<>();
        while (ext.hasRemaining()) {
            if (ext.remaining() < 2) {
                throw new RemotingCommandException("truncated ext key length");
            }
            String key = readString(ext, ext.getShort(), "ext key");
            if (ext.remaining() < 4) {
                throw new RemotingCommandException("truncated ext value length");
            }
            String value = readString(ext, ext.getInt(), "ext value");
            if (key != null && value != null) {
                fields.put(key, value);
            }
        }
        return fields;
    }

    private static String readString(ByteBuffer in, int length, String what) {
        if (length < 0 || length > in.remaining()) {
            throw new RemotingCommandException(what + " length " + length + " exceeds the header");
        }
        if (length == 0) {
            return null;
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }
}
