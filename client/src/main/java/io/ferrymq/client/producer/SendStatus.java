package io.ferrymq.client.producer;

/** How a sent message was stored (RocketMQ's names). */
public enum SendStatus {
    SEND_OK,
    /** Stored, but the broker's fsync did not finish in time (SYNC_FLUSH). */
    FLUSH_DISK_TIMEOUT,
    FLUSH_SLAVE_TIMEOUT,
    SLAVE_NOT_AVAILABLE
}
