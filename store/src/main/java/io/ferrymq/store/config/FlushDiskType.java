package io.ferrymq.store.config;

/** When a put is acknowledged: after the page cache write, or after fsync. Key {@code flushDiskType}. */
public enum FlushDiskType {
    /** Acknowledge once the record is in the page cache; a flush agent forces it every flushIntervalCommitLog. */
    ASYNC_FLUSH,
    /** Acknowledge only after fsync; producers waiting at the same moment share one fsync. */
    SYNC_FLUSH
}
