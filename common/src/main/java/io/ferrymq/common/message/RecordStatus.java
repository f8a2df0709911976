package io.ferrymq.common.message;

/** Outcome of {@link MessageRecord#check}: what sits at a position of a CommitLog buffer. */
public enum RecordStatus {
    /** A complete, consistent message record; TOTALSIZE gives its length. */
    VALID,
    /** An end-of-segment filler ({@link BlankRecord}); TOTALSIZE gives the bytes it covers. */
    BLANK,
    /** TOTALSIZE is 0: never-written (zeroed) space, the end of the data. */
    EMPTY,
    /** The record claims more bytes than the buffer holds. */
    TRUNCATED,
    /** Neither the message magic nor the blank magic. */
    BAD_MAGIC,
    /** Length fields that do not add up to TOTALSIZE, or are negative. */
    BAD_LENGTH,
    /** BODYCRC does not match the body. */
    BAD_CRC
}
