package io.ferrymq.store;

/** Outcome of {@link MessageStore#getMessages} (RocketMQ's GetMessageStatus names). */
public enum GetStatus {
    /** At least one message returned. */
    FOUND,
    /** Units were scanned but none matched the filter; resume at nextBeginOffset. */
    NO_MATCHED_MESSAGE,
    /** The units point at commit-log data already deleted by retention. */
    MESSAGE_WAS_REMOVING,
    /** The unit at the offset could not be read. */
    OFFSET_FOUND_NULL,
    /** The offset is more than one past the end of the queue. */
    OFFSET_OVERFLOW_BADLY,
    /** The offset is exactly the end of the queue: nothing new yet. */
    OFFSET_OVERFLOW_ONE,
    /** The offset is below the queue's minimum (retention removed it). */
    OFFSET_TOO_SMALL,
    /** No consume queue for this topic and queue id. */
    NO_MATCHED_LOGIC_QUEUE,
    /** The queue exists but has never had a message. */
    NO_MESSAGE_IN_QUEUE
}
