package io.ferrymq.common.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Sysflag constants and helpers against the official {@code MessageSysFlag}. */
class MessageSysFlagTest {

    @Test
    void constantsMatchTheOfficialClient() {
        assertEquals(org.apache.rocketmq.common.sysflag.MessageSysFlag.COMPRESSED_FLAG, MessageSysFlag.COMPRESSED_FLAG);
        assertEquals(org.apache.rocketmq.common.sysflag.MessageSysFlag.MULTI_TAGS_FLAG, MessageSysFlag.MULTI_TAGS_FLAG);
        assertEquals(org.apache.rocketmq.common.sysflag.MessageSysFlag.TRANSACTION_PREPARED_TYPE,
                MessageSysFlag.TRANSACTION_PREPARED_TYPE);
        assertEquals(org.apache.rocketmq.common.sysflag.MessageSysFlag.TRANSACTION_COMMIT_TYPE,
                MessageSysFlag.TRANSACTION_COMMIT_TYPE);
        assertEquals(org.apache.rocketmq.common.sysflag.MessageSysFlag.TRANSACTION_ROLLBACK_TYPE,
                MessageSysFlag.TRANSACTION_ROLLBACK_TYPE);
        assertEquals(org.apache.rocketmq.common.sysflag.MessageSysFlag.BORNHOST_V6_FLAG, MessageSysFlag.BORNHOST_V6_FLAG);
        assertEquals(org.apache.rocketmq.common.sysflag.MessageSysFlag.STOREHOSTADDRESS_V6_FLAG,
                MessageSysFlag.STOREHOST_V6_FLAG);
        assertEquals(org.apache.rocketmq.common.sysflag.MessageSysFlag.COMPRESSION_LZ4_TYPE,
                MessageSysFlag.COMPRESSION_LZ4_TYPE);
        assertEquals(org.apache.rocketmq.common.sysflag.MessageSysFlag.COMPRESSION_ZSTD_TYPE,
                MessageSysFlag.COMPRESSION_ZSTD_TYPE);
        assertEquals(org.apache.rocketmq.common.sysflag.MessageSysFlag.COMPRESSION_ZLIB_TYPE,
                MessageSysFlag.COMPRESSION_ZLIB_TYPE);
        assertEquals(org.apache.rocketmq.common.sysflag.MessageSysFlag.COMPRESSION_TYPE_COMPARATOR,
                MessageSysFlag.COMPRESSION_TYPE_MASK);
    }

    @Test
    void transactionHelpersAgreeWithTheOfficialOnes() {
        for (int sysFlag = 0; sysFlag < 0x800; sysFlag++) {
            for (int type = 0; type <= 0xC; type += 4) {
                assertEquals(org.apache.rocketmq.common.sysflag.MessageSysFlag.getTransactionValue(sysFlag),
                        MessageSysFlag.transactionType(sysFlag));
                assertEquals(org.apache.rocketmq.common.sysflag.MessageSysFlag.resetTransactionValue(sysFlag, type),
                        MessageSysFlag.resetTransactionValue(sysFlag, type));
            }
        }
        assertTrue(MessageSysFlag.isDispatchable(MessageSysFlag.TRANSACTION_COMMIT_TYPE | 0x313));
        assertTrue(MessageSysFlag.isDispatchable(0));
        assertFalse(MessageSysFlag.isDispatchable(MessageSysFlag.TRANSACTION_PREPARED_TYPE));
        assertFalse(MessageSysFlag.isDispatchable(MessageSysFlag.TRANSACTION_ROLLBACK_TYPE | 1));
    }

    @Test
    void compressionType() {
        assertNull(MessageSysFlag.compressionType(MessageSysFlag.COMPRESSION_ZLIB_TYPE), "bit 0 not set");
        assertEquals(CompressionType.ZLIB, MessageSysFlag.compressionType(MessageSysFlag.COMPRESSED_FLAG));
        assertEquals(CompressionType.ZLIB, MessageSysFlag.compressionType(0x301));
        assertEquals(CompressionType.LZ4, MessageSysFlag.compressionType(0x101));
        assertEquals(CompressionType.ZSTD, MessageSysFlag.compressionType(0x201));
        assertThrows(IllegalArgumentException.class, () -> MessageSysFlag.compressionType(0x401));
        assertEquals(0x30 | 0xC, MessageSysFlag.clearCompressedFlag(0x33D));
        assertTrue(MessageSysFlag.isBornHostV6(0x10));
        assertTrue(MessageSysFlag.isStoreHostV6(0x20));
    }
}
