package io.ferrymq.store.commitlog;

/** Outcome of a put (RocketMQ's PutMessageStatus names; the broker maps them to response codes). */
public enum PutStatus {
    /** Appended (and, with SYNC_FLUSH, forced to disk). */
    PUT_OK,
    /** Appended, but the shared fsync did not finish within syncFlushTimeout. */
    FLUSH_DISK_TIMEOUT,
    /** The store is not running, or stopped writing after an I/O error. */
    SERVICE_NOT_AVAILABLE,
    /** A new commit-log segment could not be created. */
    CREATE_MAPPED_FILE_FAILED,
    /** The record is malformed or larger than maxMessageSize. */
    MESSAGE_ILLEGAL,
    /** Properties longer than 32 767 bytes. */
    PROPERTIES_SIZE_EXCEEDED,
    /** Too many appends are waiting for the writer. */
    OS_PAGE_CACHE_BUSY,
    /**
     * The store's disk reached diskSpaceWarningLevelRatio (default 90%): puts are refused until usage
     * falls below diskSpaceCleanForciblyRatio (default 85%) (see RetentionService).
     */
    DISK_FULL,
    /** A timer message whose delivery time is unreadable or beyond timerMaxDelaySec (refused by the broker). */
    WHEEL_TIMER_MSG_ILLEGAL,
    /** A timer message while timerWheelEnable is false (refused by the broker). */
    WHEEL_TIMER_NOT_ENABLE,
    /** Anything else. */
    UNKNOWN_ERROR
}
