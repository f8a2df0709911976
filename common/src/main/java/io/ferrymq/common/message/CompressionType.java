package io.ferrymq.common.message;

/** Body compression algorithms and their SYSFLAG bits 8..10 (PROTOCOL.md §3.4). */
public enum CompressionType {
    LZ4(MessageSysFlag.COMPRESSION_LZ4_TYPE),
    ZSTD(MessageSysFlag.COMPRESSION_ZSTD_TYPE),
    ZLIB(MessageSysFlag.COMPRESSION_ZLIB_TYPE);

    private final int sysFlagBits;

    CompressionType(int sysFlagBits) {
        this.sysFlagBits = sysFlagBits;
    }

    /** The SYSFLAG bits of this type, without the COMPRESSED bit. */
    public int sysFlagBits() {
        return sysFlagBits;
    }

    /**
     * The type named by bits 8..10 of {@code sysFlag}; zero means ZLIB (old producers).
     *
     * @throws IllegalArgumentException for a value no release defines
     */
    public static CompressionType fromSysFlag(int sysFlag) {
        switch (sysFlag & MessageSysFlag.COMPRESSION_TYPE_MASK) {
            case 0:
            case MessageSysFlag.COMPRESSION_ZLIB_TYPE:
                return ZLIB;
            case MessageSysFlag.COMPRESSION_LZ4_TYPE:
                return LZ4;
            case MessageSysFlag.COMPRESSION_ZSTD_TYPE:
                return ZSTD;
            default:
                throw new IllegalArgumentException("unknown compression type bits 0x"
                        + Integer.toHexString(sysFlag & MessageSysFlag.COMPRESSION_TYPE_MASK) + " in sysFlag");
        }
    }
}
