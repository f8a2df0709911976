package io.ferrymq.client.consumer.internal;

/** What a PULL_MESSAGE answered (RocketMQ's PullStatus plus the failures). */
public enum PullStatus {
    /** Messages came (some may have been filtered out by tag on this side). */
    FOUND,
    /** Nothing new at the requested offset (code 19). */
    NO_NEW_MSG,
    /** Entries were read but none matched the subscription (code 20). */
    NO_MATCHED_MSG,
    /** The offset is outside the queue (code 21): continue at {@code nextBeginOffset}. */
    OFFSET_ILLEGAL,
    /** Any other code: retry after a pause. */
    FAILED
}
