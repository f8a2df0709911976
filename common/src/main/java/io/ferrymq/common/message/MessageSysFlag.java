package io.ferrymq.common.message;

/**
 * The SYSFLAG field of a message record (PROTOCOL.md §3.2).
 *
 * <pre>
 *  bit  10 9 8   7           6            5             4            3 2          1           0
 *      [compr.] [INNER_BATCH][NEED_UNWRAP][STOREHOST_V6][BORNHOST_V6][transaction][MULTI_TAGS][COMPRESSED]
 * </pre>
 *
 * <p>Transaction type = {@code sysFlag & 0xC}. Compression type = {@code sysFlag & 0x700}; with bit 0
 * set and a zero type the body is ZLIB (old producers).
 */
public final class MessageSysFlag {

    public static final int COMPRESSED_FLAG = 0x1;
    public static final int MULTI_TAGS_FLAG = 0x2;

    public static final int TRANSACTION_NOT_TYPE = 0x0;
    public static final int TRANSACTION_PREPARED_TYPE = 0x4;
    public static final int TRANSACTION_COMMIT_TYPE = 0x8;
    public static final int TRANSACTION_ROLLBACK_TYPE = 0xC;
    /** Mask of the transaction type bits. */
    public static final int TRANSACTION_MASK = 0xC;

    public static final int BORNHOST_V6_FLAG = 0x10;
    public static final int STOREHOST_V6_FLAG = 0x20;
    /** 5.x inner batch; FerryMQ ignores it. */
    public static final int NEED_UNWRAP_FLAG = 0x40;
    /** 5.x inner batch; FerryMQ ignores it. */
    public static final int INNER_BATCH_FLAG = 0x80;

    public static final int COMPRESSION_LZ4_TYPE = 0x100;
    public static final int COMPRESSION_ZSTD_TYPE = 0x200;
    public static final int COMPRESSION_ZLIB_TYPE = 0x300;
    /** Mask of the compression type bits. */
    public static final int COMPRESSION_TYPE_MASK = 0x700;

    private MessageSysFlag() {
    }

    /** One of the {@code TRANSACTION_*_TYPE} values. */
    public static int transactionType(int sysFlag) {
        return sysFlag & TRANSACTION_MASK;
    }

    /** {@code sysFlag} with its transaction bits replaced by {@code type} (a {@code TRANSACTION_*_TYPE}). */
    public static int resetTransactionValue(int sysFlag, int type) {
        return (sysFlag & ~TRANSACTION_MASK) | (type & TRANSACTION_MASK);
    }

    /** True for NOT and COMMIT records, the ones that get a consume-queue entry. */
    public static boolean isDispatchable(int sysFlag) {
        int type = transactionType(sysFlag);
        return type == TRANSACTION_NOT_TYPE || type == TRANSACTION_COMMIT_TYPE;
    }

    public static boolean isCompressed(int sysFlag) {
        return (sysFlag & COMPRESSED_FLAG) != 0;
    }

    /** {@code sysFlag} without the compressed bit and without compression type bits. */
    public static int clearCompressedFlag(int sysFlag) {
        return sysFlag & ~(COMPRESSED_FLAG | COMPRESSION_TYPE_MASK);
    }

    /** Compression of a body whose record carries {@code sysFlag}; null when not compressed. */
    public static CompressionType compressionType(int sysFlag) {
        return isCompressed(sysFlag) ? CompressionType.fromSysFlag(sysFlag) : null;
    }

    public static boolean isBornHostV6(int sysFlag) {
        return (sysFlag & BORNHOST_V6_FLAG) != 0;
    }

    public static boolean isStoreHostV6(int sysFlag) {
        return (sysFlag & STOREHOST_V6_FLAG) != 0;
    }
}
