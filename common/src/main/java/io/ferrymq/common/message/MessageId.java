package io.ferrymq.common.message;

import io.ferrymq.common.util.Hex;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/**
 * The offsetMsgId: where a record lives (PROTOCOL.md §3.5).
 *
 * <pre>
 *   IPv4: | store IP (4) | store port (int, 4) | CommitLog offset (long, 8) |  16 bytes -> 32 hex chars
 *   IPv6: | store IP (16)| store port (int, 4) | CommitLog offset (long, 8) |  28 bytes -> 56 hex chars
 * </pre>
 *
 * Text form is uppercase hex; parsing accepts either case.
 *
 * @param address the store host
 * @param offset the CommitLog offset of the record
 */
public record MessageId(InetSocketAddress address, long offset) {

    /** Length of an IPv4 offsetMsgId in characters. */
    public static final int IPV4_LENGTH = 32;
    /** Length of an IPv6 offsetMsgId in characters. */
    public static final int IPV6_LENGTH = 56;

    /**
     * The offsetMsgId of a record stored by {@code storeHost} at CommitLog {@code offset}.
     *
     * @throws IllegalArgumentException when the address is unresolved
     */
    public static String create(InetSocketAddress storeHost, long offset) {
        InetAddress ip = storeHost.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException("store host " + storeHost + " is unresolved; an IP is required");
        }
        return create(ip.getAddress(), storeHost.getPort(), offset);
    }

    /** The offsetMsgId for a 4- or 16-byte {@code ip}, a {@code port} and a CommitLog {@code offset}. */
    public static String create(byte[] ip, int port, long offset) {
        if (ip.length != 4 && ip.length != 16) {
            throw new IllegalArgumentException("IP address must have 4 or 16 bytes, got " + ip.length);
        }
        char[] out = new char[(ip.length + 12) * 2];
        int pos = 0;
        for (byte b : ip) {
            pos = Hex.writeByte(out, pos, b);
        }
        pos = Hex.writeInt(out, pos, port);
        Hex.writeLong(out, pos, offset);
        return new String(out);
    }

    /**
     * The offsetMsgId of the well-formed record starting at absolute index {@code pos}: its store
     * host and its PHYSICALOFFSET field.
     */
    public static String ofRecord(ByteBuffer buf, int pos) {
        int hostPosition = MessageRecord.storeHostPosition(buf, pos);
        int ipLength = MessageRecord.storeHostLength(buf, pos) - 4;
        char[] out = new char[(ipLength + 12) * 2];
        int p = 0;
        for (int i = 0; i < ipLength; i++) {
            p = Hex.writeByte(out, p, buf.get(hostPosition + i));
        }
        p = Hex.writeInt(out, p, buf.getInt(hostPosition + ipLength));
        Hex.writeLong(out, p, MessageRecord.physicalOffset(buf, pos));
        return new String(out);
    }

    /**
     * Parses an offsetMsgId.
     *
     * @throws IllegalArgumentException when {@code text} is null, not 32 or 56 characters long, not
     *     hex, or carries a port outside 0..65535
     */
    public static MessageId parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("offsetMsgId is null");
        }
        if (text.length() != IPV4_LENGTH && text.length() != IPV6_LENGTH) {
            throw new IllegalArgumentException("offsetMsgId '" + text + "' has " + text.length()
                    + " characters; expected " + IPV4_LENGTH + " (IPv4) or " + IPV6_LENGTH + " (IPv6)");
        }
        if (!Hex.isHex(text)) {
            throw new IllegalArgumentException("offsetMsgId '" + text + "' is not hexadecimal");
        }
        ByteBuffer bytes = ByteBuffer.wrap(Hex.decode(text));
        byte[] ip = new byte[text.length() == IPV4_LENGTH ? 4 : 16];
        bytes.get(ip);
        int port = bytes.getInt();
        long offset = bytes.getLong();
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("offsetMsgId '" + text + "' carries port " + port
                    + ", outside 0..65535");
        }
        try {
            return new MessageId(new InetSocketAddress(InetAddress.getByAddress(ip), port), offset);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }

    /** The text form of this id. */
    @Override
    public String toString() {
        return create(address, offset);
    }
}
