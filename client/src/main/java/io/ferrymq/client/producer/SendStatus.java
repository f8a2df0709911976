package io.ferrymq.client.producer;

/** How a sent message was stored (RocketMQ's names). */
public enum SendStatus {
    /** Stored (and flushed or replicated as the broker is set up to). */
    SEND_OK,
    /** Stored, but the broker's fsync did not finish in time (SYNC_FLUSH). */
    FLUSH_DISK_TIMEOUT,
    /** Stored, but the slave did not confirm in time (SYNC_MASTER). */
    FLUSH_SLAVE_TIMEOUT,
    /** Stored on the master; no slave to replicate to (SYNC_MASTER). */
    SLAVE_NOT_AVAILABLE
}
