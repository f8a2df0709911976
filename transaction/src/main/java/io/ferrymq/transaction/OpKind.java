package io.ferrymq.transaction;

/**
 * What an op record in {@code RMQ_SYS_TRANS_OP_HALF_TOPIC} says about a transaction (its tag).
 * {@code d} is RocketMQ's "done" tag; the others are FerryMQ's, so the op queue is the whole history.
 */
public enum OpKind {
    /** Committed or rolled back: nothing more to do. */
    DONE("d"),
    /** A check-back was sent (so check counts survive restarts). */
    CHECKED("c"),
    /** Checks exhausted: set aside in TRANS_CHECK_MAX_TIME_TOPIC, waiting for an operator. */
    STUCK("s"),
    /** A check-back was answered UNKNOW: still pending (kept for the timeline only). */
    ANSWERED_UNKNOWN("u"),
    /** An operator had a stuck transaction checked again: it continues under a new root. */
    CHECK_AGAIN("r");

    private final String tag;

    OpKind(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    /** The kind for a tag, or null for tags this version does not know (they are skipped). */
    public static OpKind ofTag(String tag) {
        for (OpKind kind : values()) {
            if (kind.tag.equals(tag)) {
                return kind;
            }
        }
        return null;
    }
}
