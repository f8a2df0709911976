package io.ferrymq.common.message;

import io.ferrymq.common.util.Utf8;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The message record: the unit of the CommitLog and of PULL / QUERY / VIEW / CHECK bodies
 * (PROTOCOL.md §3.1). Big-endian, magic V1 only.
 *
 * <pre>
 * position          size  field
 * 0                 4     TOTALSIZE                  whole record, this field included
 * 4                 4     MAGICCODE                  0xDAA320A7 (V1)
 * 8                 4     BODYCRC                    CRC32(body) &amp; 0x7FFFFFFF
 * 12                4     QUEUEID
 * 16                4     FLAG
 * 20                8     QUEUEOFFSET                consume-queue offset
 * 28                8     PHYSICALOFFSET             CommitLog offset of this record
 * 36                4     SYSFLAG                    see MessageSysFlag
 * 40                8     BORNTIMESTAMP
 * 48                B     BORNHOST                   ip + port(int); B = 8, or 20 when SYSFLAG has 0x10
 * 48+B              8     STORETIMESTAMP
 * 56+B              S     STOREHOST                  S = 8, or 20 when SYSFLAG has 0x20
 * 56+B+S            4     RECONSUMETIMES
 * 60+B+S            8     PREPARED TRANSACTION OFFSET
 * 68+B+S            4     BODY LENGTH n
 * 72+B+S            n     BODY                       stored bytes, compressed when SYSFLAG has 0x1
 * 72+B+S+n          1     TOPIC LENGTH t             signed byte: t &lt;= 127
 * 73+B+S+n          t     TOPIC                      UTF-8
 * 73+B+S+n+t        2     PROPERTIES LENGTH p        signed short: p &lt;= 32767
 * 75+B+S+n+t        p     PROPERTIES                 UTF-8, see MessageProperties
 *                         TOTALSIZE = 75 + B + S + n + t + p   (91 + n + t + p with IPv4 hosts)
 * </pre>
 *
 * <p>Three kinds of methods live here:
 * <ul>
 *   <li>field accessors and patchers over a record starting at an absolute index {@code pos};
 *       they allocate nothing, do not move the buffer's position and assume a well-formed
 *       record (run {@link #check} or {@link #decode} on untrusted bytes first);</li>
 *   <li>{@link #check}, a structural validation that allocates nothing;</li>
 *   <li>{@link #encode} and {@link #decode}, between a {@link MessageExt} and bytes.</li>
 * </ul>
 * All buffers must be big-endian (the {@link ByteBuffer} default).
 */
public final class MessageRecord {

    /** Magic of a V1 record (-626843481). */
    public static final int MAGIC_V1 = 0xDAA320A7;
    /** Magic of a 5.x V2 record (2-byte topic length); never written, rejected by the decoder. */
    public static final int MAGIC_V2 = 0xDAA320AB;

    public static final int TOTAL_SIZE_POSITION = 0;
    public static final int MAGIC_POSITION = TOTAL_SIZE_POSITION + 4;
    public static final int BODY_CRC_POSITION = MAGIC_POSITION + 4;
    public static final int QUEUE_ID_POSITION = BODY_CRC_POSITION + 4;
    public static final int FLAG_POSITION = QUEUE_ID_POSITION + 4;
    public static final int QUEUE_OFFSET_POSITION = FLAG_POSITION + 4;
    public static final int PHYSICAL_OFFSET_POSITION = QUEUE_OFFSET_POSITION + 8;
    public static final int SYS_FLAG_POSITION = PHYSICAL_OFFSET_POSITION + 8;
    public static final int BORN_TIMESTAMP_POSITION = SYS_FLAG_POSITION + 4;
    public static final int BORN_HOST_POSITION = BORN_TIMESTAMP_POSITION + 8;

    /** Length of an IPv4 host field: 4-byte address + 4-byte port. */
    public static final int IPV4_HOST_LENGTH = 4 + 4;
    /** Length of an IPv6 host field: 16-byte address + 4-byte port. */
    public static final int IPV6_HOST_LENGTH = 16 + 4;

    /** Bytes of a record other than its hosts, body, topic and properties. */
    public static final int FIXED_LENGTH = 75;
    /** Smallest record: IPv4 hosts, empty body, topic and properties. */
    public static final int MIN_LENGTH = FIXED_LENGTH + 2 * IPV4_HOST_LENGTH;

    /** Largest topic a V1 record can hold, in UTF-8 bytes. */
    public static final int MAX_TOPIC_LENGTH = Byte.MAX_VALUE;
    /** Largest properties string a record can hold, in UTF-8 bytes. */
    public static final int MAX_PROPERTIES_LENGTH = Short.MAX_VALUE;

    private static final int BODY_CRC_MASK = 0x7FFFFFFF;

    private MessageRecord() {
    }

    // ---------------------------------------------------------------- sizes

    /**
     * Size of a record with the given variable parts.
     *
     * @throws IllegalArgumentException for a negative length, a topic over 127 bytes, properties
     *     over 32767 bytes or a total over {@link Integer#MAX_VALUE}
     */
    public static int recordSize(int bodyLength, int topicLength, int propertiesLength, boolean bornV6,
                                 boolean storeV6) {
        if (bodyLength < 0) {
            throw new IllegalArgumentException("body length must not be negative, got " + bodyLength);
        }
        if (topicLength < 0 || topicLength > MAX_TOPIC_LENGTH) {
            throw new IllegalArgumentException("topic is " + topicLength + " bytes in UTF-8; a record holds 0.."
                    + MAX_TOPIC_LENGTH);
        }
        if (propertiesLength < 0 || propertiesLength > MAX_PROPERTIES_LENGTH) {
            throw new IllegalArgumentException("properties are " + propertiesLength
                    + " bytes in UTF-8; a record holds 0.." + MAX_PROPERTIES_LENGTH);
        }
        long size = (long) FIXED_LENGTH + hostLength(bornV6) + hostLength(storeV6) + bodyLength + topicLength
                + propertiesLength;
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("record of " + size + " bytes is too large");
        }
        return (int) size;
    }

    /** Length of a host field: 20 for IPv6, 8 for IPv4. */
    public static int hostLength(boolean v6) {
        return v6 ? IPV6_HOST_LENGTH : IPV4_HOST_LENGTH;
    }

    // ---------------------------------------------------------------- field accessors

    public static int totalSize(ByteBuffer buf, int pos) {
        return buf.getInt(pos + TOTAL_SIZE_POSITION);
    }

    public static int magic(ByteBuffer buf, int pos) {
        return buf.getInt(pos + MAGIC_POSITION);
    }

    public static int bodyCrc(ByteBuffer buf, int pos) {
        return buf.getInt(pos + BODY_CRC_POSITION);
    }

    public static int queueId(ByteBuffer buf, int pos) {
        return buf.getInt(pos + QUEUE_ID_POSITION);
    }

    public static int flag(ByteBuffer buf, int pos) {
        return buf.getInt(pos + FLAG_POSITION);
    }

    public static long queueOffset(ByteBuffer buf, int pos) {
        return buf.getLong(pos + QUEUE_OFFSET_POSITION);
    }

    public static long physicalOffset(ByteBuffer buf, int pos) {
        return buf.getLong(pos + PHYSICAL_OFFSET_POSITION);
    }

    public static int sysFlag(ByteBuffer buf, int pos) {
        return buf.getInt(pos + SYS_FLAG_POSITION);
    }

    public static long bornTimestamp(ByteBuffer buf, int pos) {
        return buf.getLong(pos + BORN_TIMESTAMP_POSITION);
    }

    public static int bornHostLength(ByteBuffer buf, int pos) {
        return hostLength(MessageSysFlag.isBornHostV6(sysFlag(buf, pos)));
    }

    public static int storeTimestampPosition(ByteBuffer buf, int pos) {
        return pos + BORN_HOST_POSITION + bornHostLength(buf, pos);
    }

    public static long storeTimestamp(ByteBuffer buf, int pos) {
        return buf.getLong(storeTimestampPosition(buf, pos));
    }

    /** Absolute index of the STOREHOST field. */
    public static int storeHostPosition(ByteBuffer buf, int pos) {
        return storeTimestampPosition(buf, pos) + 8;
    }

    public static int storeHostLength(ByteBuffer buf, int pos) {
        return hostLength(MessageSysFlag.isStoreHostV6(sysFlag(buf, pos)));
    }

    /** Absolute index of the RECONSUMETIMES field. */
    public static int reconsumeTimesPosition(ByteBuffer buf, int pos) {
        int sysFlag = sysFlag(buf, pos);
        return pos + BORN_HOST_POSITION + hostLength(MessageSysFlag.isBornHostV6(sysFlag)) + 8
                + hostLength(MessageSysFlag.isStoreHostV6(sysFlag));
    }

    public static int reconsumeTimes(ByteBuffer buf, int pos) {
        return buf.getInt(reconsumeTimesPosition(buf, pos));
    }

    public static long preparedTransactionOffset(ByteBuffer buf, int pos) {
        return buf.getLong(reconsumeTimesPosition(buf, pos) + 4);
    }

    /** Absolute index of the BODY LENGTH field. */
    public static int bodyLengthPosition(ByteBuffer buf, int pos) {
        return reconsumeTimesPosition(buf, pos) + 12;
    }

    public static int bodyLength(ByteBuffer buf, int pos) {
        return buf.getInt(bodyLengthPosition(buf, pos));
    }

    /** Absolute index of the first body byte. */
    public static int bodyPosition(ByteBuffer buf, int pos) {
        return bodyLengthPosition(buf, pos) + 4;
    }

    /** Absolute index of the TOPIC LENGTH byte. */
    public static int topicLengthPosition(ByteBuffer buf, int pos) {
        int bodyLengthPosition = bodyLengthPosition(buf, pos);
        return bodyLengthPosition + 4 + buf.getInt(bodyLengthPosition);
    }

    public static int topicLength(ByteBuffer buf, int pos) {
        return buf.get(topicLengthPosition(buf, pos));
    }

    /** Absolute index of the first topic byte. */
    public static int topicPosition(ByteBuffer buf, int pos) {
        return topicLengthPosition(buf, pos) + 1;
    }

    /** The topic (allocates a String; compare with {@link #topicEquals} on hot paths). */
    public static String topic(ByteBuffer buf, int pos) {
        int lengthPosition = topicLengthPosition(buf, pos);
        return Utf8.decode(buf, lengthPosition + 1, buf.get(lengthPosition));
    }

    /** True when the record's topic bytes equal {@code topicUtf8}. */
    public static boolean topicEquals(ByteBuffer buf, int pos, byte[] topicUtf8) {
        int lengthPosition = topicLengthPosition(buf, pos);
        return Utf8.equals(buf, lengthPosition + 1, buf.get(lengthPosition), topicUtf8);
    }

    /** Absolute index of the PROPERTIES LENGTH field. */
    public static int propertiesLengthPosition(ByteBuffer buf, int pos) {
        int topicLengthPosition = topicLengthPosition(buf, pos);
        return topicLengthPosition + 1 + buf.get(topicLengthPosition);
    }

    public static int propertiesLength(ByteBuffer buf, int pos) {
        return buf.getShort(propertiesLengthPosition(buf, pos));
    }

    /** Absolute index of the first properties byte. */
    public static int propertiesPosition(ByteBuffer buf, int pos) {
        return propertiesLengthPosition(buf, pos) + 2;
    }

    /** The properties string (allocates; use {@link MessageProperties#find} on hot paths). */
    public static String properties(ByteBuffer buf, int pos) {
        int lengthPosition = propertiesLengthPosition(buf, pos);
        return Utf8.decode(buf, lengthPosition + 2, buf.getShort(lengthPosition));
    }

    /**
     * The value of property {@code nameUtf8} of the record at {@code pos}, read in place (only the value
     * is decoded); null when the record has no such property.
     */
    public static String property(ByteBuffer buf, int pos, byte[] nameUtf8) {
        int lengthPosition = propertiesLengthPosition(buf, pos);
        int length = buf.getShort(lengthPosition);
        if (length <= 0) {
            return null;
        }
        long range = MessageProperties.find(buf, lengthPosition + 2, length, nameUtf8);
        if (range == MessageProperties.NOT_FOUND) {
            return null;
        }
        return Utf8.decode(buf, MessageProperties.rangeOffset(range), MessageProperties.rangeLength(range));
    }

    /** The born host (allocates). */
    public static InetSocketAddress bornHost(ByteBuffer buf, int pos) {
        return readHost(buf, pos + BORN_HOST_POSITION, bornHostLength(buf, pos));
    }

    /** The store host (allocates). */
    public static InetSocketAddress storeHost(ByteBuffer buf, int pos) {
        return readHost(buf, storeHostPosition(buf, pos), storeHostLength(buf, pos));
    }

    // ---------------------------------------------------------------- in-place patches

    public static void setQueueOffset(ByteBuffer buf, int pos, long queueOffset) {
        buf.putLong(pos + QUEUE_OFFSET_POSITION, queueOffset);
    }

    public static void setPhysicalOffset(ByteBuffer buf, int pos, long physicalOffset) {
        buf.putLong(pos + PHYSICAL_OFFSET_POSITION, physicalOffset);
    }

    public static void setStoreTimestamp(ByteBuffer buf, int pos, long storeTimestamp) {
        buf.putLong(storeTimestampPosition(buf, pos), storeTimestamp);
    }

    // ---------------------------------------------------------------- validation

    /**
     * Validates the structure of the record at absolute index {@code pos}, reading nothing at or
     * beyond {@code limit}. Allocates nothing for valid records except to verify the CRC.
     *
     * @param verifyCrc also compare BODYCRC with the body
     * @return {@link RecordStatus#VALID} or {@link RecordStatus#BLANK} (TOTALSIZE is then the length
     *     to skip), or the reason the bytes are not a record
     */
    public static RecordStatus check(ByteBuffer buf, int pos, int limit, boolean verifyCrc) {
        return check(buf, pos, limit, verifyCrc, null);
    }

    private static RecordStatus check(ByteBuffer buf, int pos, int limit, boolean verifyCrc, StringBuilder why) {
        int available = limit - pos;
        if (available < 4) {
            return fail(RecordStatus.TRUNCATED, why, "only " + available + " bytes left, TOTALSIZE needs 4");
        }
        int totalSize = totalSize(buf, pos);
        if (totalSize == 0) {
            return fail(RecordStatus.EMPTY, why, "TOTALSIZE is 0 (unwritten space)");
        }
        if (available < 8) {
            return fail(RecordStatus.TRUNCATED, why, "only " + available + " bytes left, MAGICCODE needs 8");
        }
        int magic = magic(buf, pos);
        if (magic == BlankRecord.MAGIC) {
            if (totalSize < BlankRecord.LENGTH) {
                return fail(RecordStatus.BAD_LENGTH, why, "blank record TOTALSIZE " + totalSize + " < 8");
            }
            if (totalSize > available) {
                return fail(RecordStatus.TRUNCATED, why, "blank record TOTALSIZE " + totalSize + " exceeds the "
                        + available + " bytes left");
            }
            return RecordStatus.BLANK;
        }
        if (magic != MAGIC_V1) {
            String detail = magic == MAGIC_V2 ? " (V2 records, written by 5.x brokers for long topics, are"
                    + " not supported)" : "";
            return fail(RecordStatus.BAD_MAGIC, why, "MAGICCODE 0x" + Integer.toHexString(magic)
                    + " is not 0x" + Integer.toHexString(MAGIC_V1) + detail);
        }
        if (totalSize < MIN_LENGTH) {
            return fail(RecordStatus.BAD_LENGTH, why, "TOTALSIZE " + totalSize + " is below the minimum "
                    + MIN_LENGTH);
        }
        if (totalSize > available) {
            return fail(RecordStatus.TRUNCATED, why, "TOTALSIZE " + totalSize + " exceeds the " + available
                    + " bytes left");
        }
        return checkLengths(buf, pos, totalSize, verifyCrc, why);
    }

    /** Follows the length chain of a V1 record known to lie within {@code [pos, pos + totalSize)}. */
    private static RecordStatus checkLengths(ByteBuffer buf, int pos, int totalSize, boolean verifyCrc,
                                             StringBuilder why) {
        int end = pos + totalSize;
        int sysFlag = sysFlag(buf, pos);
        int bodyLengthPosition = reconsumeTimesPosition(buf, pos) + 12;
        // Body length, topic length and properties length fields must all fit: 4 + 1 + 2 bytes.
        if (bodyLengthPosition + 7 > end) {
            return fail(RecordStatus.BAD_LENGTH, why, "TOTALSIZE " + totalSize + " is too small for sysFlag 0x"
                    + Integer.toHexString(sysFlag) + " hosts");
        }
        int bodyLength = buf.getInt(bodyLengthPosition);
        int bodyPosition = bodyLengthPosition + 4;
        if (bodyLength < 0 || bodyLength > end - bodyPosition - 3) {
            return fail(RecordStatus.BAD_LENGTH, why, "BODY LENGTH " + bodyLength + " does not fit in TOTALSIZE "
                    + totalSize);
        }
        int topicLengthPosition = bodyPosition + bodyLength;
        int topicLength = buf.get(topicLengthPosition);
        if (topicLength < 0 || topicLength > end - topicLengthPosition - 3) {
            return fail(RecordStatus.BAD_LENGTH, why, "TOPIC LENGTH " + topicLength + " does not fit in TOTALSIZE "
                    + totalSize);
        }
        int propertiesLengthPosition = topicLengthPosition + 1 + topicLength;
        int propertiesLength = buf.getShort(propertiesLengthPosition);
        if (propertiesLength < 0 || propertiesLengthPosition + 2 + propertiesLength != end) {
            return fail(RecordStatus.BAD_LENGTH, why, "lengths (body " + bodyLength + ", topic " + topicLength
                    + ", properties " + propertiesLength + ") do not add up to TOTALSIZE " + totalSize);
        }
        if (verifyCrc) {
            int expected = bodyCrc(buf, pos);
            int actual = crc(buf, bodyPosition, bodyLength);
            if (expected != actual) {
                return fail(RecordStatus.BAD_CRC, why, "BODYCRC " + expected + " but the body's CRC is " + actual);
            }
        }
        return RecordStatus.VALID;
    }

    private static RecordStatus fail(RecordStatus status, StringBuilder why, String reason) {
        if (why != null) {
            why.append(reason);
        }
        return status;
    }

    /** CRC32 of {@code length} bytes at absolute {@code offset}, masked like BODYCRC. */
    public static int crc(ByteBuffer buf, int offset, int length) {
        CRC32 crc = new CRC32();
        if (buf.hasArray()) {
            crc.update(buf.array(), buf.arrayOffset() + offset, length);
        } else {
            crc.update(buf.duplicate().limit(offset + length).position(offset));
        }
        return (int) crc.getValue() & BODY_CRC_MASK;
    }

    /** CRC32 of {@code body}, masked like BODYCRC; 0 for null. */
    public static int crc(byte[] body) {
        if (body == null) {
            return 0;
        }
        CRC32 crc = new CRC32();
        crc.update(body, 0, body.length);
        return (int) crc.getValue() & BODY_CRC_MASK;
    }

    // ---------------------------------------------------------------- encode

    /**
     * Writes {@code msg} as a complete record at {@code dst}'s position and advances it.
     *
     * @return the record size
     * @see #encode(ByteBuffer, MessageExt, byte[], byte[])
     */
    public static int encode(ByteBuffer dst, MessageExt msg) {
        String topic = msg.getTopic();
        if (topic == null) {
            throw new IllegalArgumentException("message has no topic");
        }
        byte[] properties = MessageProperties.encode(msg.getProperties()).getBytes(StandardCharsets.UTF_8);
        return encode(dst, msg, topic.getBytes(StandardCharsets.UTF_8), properties);
    }

    /**
     * Writes {@code msg} as a complete record at {@code dst}'s position and advances it, using
     * already-encoded topic and properties (the message's own topic and properties are ignored).
     * BODYCRC and TOTALSIZE are computed, and the v6 bits of SYSFLAG follow the actual address
     * types of the born and store hosts; {@code msg}'s sysFlag, bodyCRC and storeSize are updated
     * to the values written. Nothing is written when an argument is invalid.
     *
     * @return the record size
     * @throws IllegalArgumentException for a missing or unresolved host, a topic over 127 bytes,
     *     properties over 32767 bytes, a little-endian buffer, or too little room in {@code dst}
     */
    public static int encode(ByteBuffer dst, MessageExt msg, byte[] topicUtf8, byte[] propertiesUtf8) {
        byte[] bornIp = ipBytes(msg.getBornHost(), "born host");
        byte[] storeIp = ipBytes(msg.getStoreHost(), "store host");
        byte[] body = msg.getBody();
        int bodyLength = body == null ? 0 : body.length;
        int size = recordSize(bodyLength, topicUtf8.length, propertiesUtf8.length, bornIp.length == 16,
                storeIp.length == 16);
        requireBigEndian(dst);
        if (dst.remaining() < size) {
            throw new IllegalArgumentException("record needs " + size + " bytes but the buffer has only "
                    + dst.remaining() + " left");
        }
        int sysFlag = msg.getSysFlag() & ~(MessageSysFlag.BORNHOST_V6_FLAG | MessageSysFlag.STOREHOST_V6_FLAG);
        if (bornIp.length == 16) {
            sysFlag |= MessageSysFlag.BORNHOST_V6_FLAG;
        }
        if (storeIp.length == 16) {
            sysFlag |= MessageSysFlag.STOREHOST_V6_FLAG;
        }
        int bodyCrc = crc(body);
        dst.putInt(size)
                .putInt(MAGIC_V1)
                .putInt(bodyCrc)
                .putInt(msg.getQueueId())
                .putInt(msg.getFlag())
                .putLong(msg.getQueueOffset())
                .putLong(msg.getCommitLogOffset())
                .putInt(sysFlag)
                .putLong(msg.getBornTimestamp())
                .put(bornIp)
                .putInt(msg.getBornHost().getPort())
                .putLong(msg.getStoreTimestamp())
                .put(storeIp)
                .putInt(msg.getStoreHost().getPort())
                .putInt(msg.getReconsumeTimes())
                .putLong(msg.getPreparedTransactionOffset())
                .putInt(bodyLength);
        if (body != null) {
            dst.put(body);
        }
        dst.put((byte) topicUtf8.length)
                .put(topicUtf8)
                .putShort((short) propertiesUtf8.length)
                .put(propertiesUtf8);
        msg.setSysFlag(sysFlag);
        msg.setBodyCRC(bodyCrc);
        msg.setStoreSize(size);
        return size;
    }

    private static byte[] ipBytes(InetSocketAddress host, String which) {
        if (host == null) {
            throw new IllegalArgumentException("message has no " + which);
        }
        InetAddress ip = host.getAddress();
        if (ip == null) {
            throw new IllegalArgumentException(which + " " + host + " is unresolved; an IP is required");
        }
        return ip.getAddress();
    }

    // ---------------------------------------------------------------- decode

    /**
     * Decodes the record at {@code buf}'s position and advances the position past it. A compressed
     * body is decompressed with a cap of {@link BodyCompression#DEFAULT_MAX_DECOMPRESSED_SIZE}.
     *
     * @see #decode(ByteBuffer, boolean, boolean, int)
     */
    public static MessageExt decode(ByteBuffer buf, boolean readBody, boolean decompressBody) {
        return decode(buf, readBody, decompressBody, BodyCompression.DEFAULT_MAX_DECOMPRESSED_SIZE);
    }

    /**
     * Decodes the record at {@code buf}'s position and advances the position past it. Never returns
     * null: bytes that are not a complete V1 record raise an exception and leave the position
     * unchanged. BODYCRC is read but not verified (use {@link #check} for that).
     *
     * @param readBody false leaves the body null
     * @param decompressBody decompress a compressed body; the returned sysFlag then has the
     *     compressed bit and the compression type bits cleared, so that it describes the body
     * @param maxDecompressedSize largest acceptable decompressed body
     * @throws MalformedMessageException for a truncated record, a bad magic (blank fillers
     *     included), inconsistent length fields, a port out of range or a corrupt compressed body
     * @throws UnsupportedOperationException when asked to decompress an LZ4 or ZSTD body
     */
    public static MessageExt decode(ByteBuffer buf, boolean readBody, boolean decompressBody,
                                    int maxDecompressedSize) {
        requireBigEndian(buf);
        int pos = buf.position();
        RecordStatus status = check(buf, pos, buf.limit(), false, null);
        if (status != RecordStatus.VALID) {
            StringBuilder why = new StringBuilder();
            if (status == RecordStatus.BLANK) {
                why.append("an end-of-segment blank record, not a message");
            } else {
                check(buf, pos, buf.limit(), false, why);
            }
            throw new MalformedMessageException("no valid message record at position " + pos + ": " + status
                    + ", " + why);
        }
        MessageExt msg = new MessageExt();
        msg.setStoreSize(totalSize(buf, pos));
        msg.setBodyCRC(bodyCrc(buf, pos));
        msg.setQueueId(queueId(buf, pos));
        msg.setFlag(flag(buf, pos));
        msg.setQueueOffset(queueOffset(buf, pos));
        msg.setCommitLogOffset(physicalOffset(buf, pos));
        int sysFlag = sysFlag(buf, pos);
        msg.setBornTimestamp(bornTimestamp(buf, pos));
        msg.setBornHost(decodeHost(buf, pos, pos + BORN_HOST_POSITION, bornHostLength(buf, pos), "born"));
        msg.setStoreTimestamp(storeTimestamp(buf, pos));
        msg.setStoreHost(decodeHost(buf, pos, storeHostPosition(buf, pos), storeHostLength(buf, pos), "store"));
        msg.setReconsumeTimes(reconsumeTimes(buf, pos));
        msg.setPreparedTransactionOffset(preparedTransactionOffset(buf, pos));
        if (readBody) {
            int bodyPosition = bodyPosition(buf, pos);
            byte[] body = new byte[buf.getInt(bodyPosition - 4)];
            buf.get(bodyPosition, body);
            if (decompressBody && MessageSysFlag.isCompressed(sysFlag)) {
                body = decompress(body, sysFlag, maxDecompressedSize, pos);
                sysFlag = MessageSysFlag.clearCompressedFlag(sysFlag);
            }
            msg.setBody(body);
        }
        msg.setSysFlag(sysFlag);
        msg.setTopic(topic(buf, pos));
        int propertiesLengthPosition = propertiesLengthPosition(buf, pos);
        int propertiesLength = buf.getShort(propertiesLengthPosition);
        if (propertiesLength > 0) {
            msg.adoptProperties(MessageProperties.decode(buf, propertiesLengthPosition + 2, propertiesLength));
        }
        buf.position(pos + msg.getStoreSize());
        return msg;
    }

    /** Decodes every record from the position on, decompressing bodies; see below. */
    public static List<MessageExt> decodeAll(ByteBuffer buf) {
        return decodeAll(buf, true, true);
    }

    /**
     * Decodes records from {@code buf}'s position while bytes remain, stopping at the first record
     * that cannot be decoded (truncated, bad magic, inconsistent, or compressed with an unsupported
     * algorithm), as the official client does. On return the position is at the first record not
     * decoded, so {@code buf.hasRemaining()} tells whether decoding stopped early.
     */
    public static List<MessageExt> decodeAll(ByteBuffer buf, boolean readBody, boolean decompressBody) {
        List<MessageExt> messages = new ArrayList<>();
        while (buf.hasRemaining()) {
            try {
                messages.add(decode(buf, readBody, decompressBody));
            } catch (MalformedMessageException | UnsupportedOperationException e) {
                break;
            }
        }
        return messages;
    }

    private static byte[] decompress(byte[] body, int sysFlag, int maxSize, int pos) {
        CompressionType type;
        try {
            type = CompressionType.fromSysFlag(sysFlag);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("record at position " + pos + ": " + e.getMessage(), e);
        }
        try {
            return BodyCompression.decompress(body, type, maxSize);
        } catch (MalformedMessageException e) {
            throw new MalformedMessageException("record at position " + pos + ": " + e.getMessage(), e);
        }
    }

    private static InetSocketAddress decodeHost(ByteBuffer buf, int pos, int hostPosition, int length,
                                                String which) {
        int port = buf.getInt(hostPosition + length - 4);
        if (port < 0 || port > 0xFFFF) {
            throw new MalformedMessageException("record at position " + pos + ": " + which + " host port "
                    + port + " is outside 0..65535");
        }
        return readHost(buf, hostPosition, length);
    }

    private static InetSocketAddress readHost(ByteBuffer buf, int hostPosition, int length) {
        byte[] ip = new byte[length - 4];
        buf.get(hostPosition, ip);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), buf.getInt(hostPosition + ip.length));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }

    private static void requireBigEndian(ByteBuffer buf) {
        if (buf.order() != ByteOrder.BIG_ENDIAN) {
            throw new IllegalArgumentException("message records are big-endian; the buffer is " + buf.order());
        }
    }
}
