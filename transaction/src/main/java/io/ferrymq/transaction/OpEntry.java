package io.ferrymq.transaction;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One op record of {@code RMQ_SYS_TRANS_OP_HALF_TOPIC}, queue 0: what happened to a transaction.
 *
 * <pre>
 * tag    OpKind tag (d, c, s, u, r)
 * body   the root (half-queue offset) in decimal: RocketMQ's layout, all the check scan needs
 * properties (format version 1; a record without TXV is version 0: tag and body only)
 *   TXV       "1"
 *   UNIQ_KEY  the transaction's unique id: the store index finds every op of a transaction by it
 *   TXBY      d, r: "p" the producer, "a" an admin
 *   TXWHO     d, u: address of who decided or answered; c: the producer the check went to;
 *             r: the admin
 *   TXWHY     d, r by an admin: the operator's reason
 *   TXACT     d: "c" commit, "r" rollback
 *   TXCHK     d: "1" when the decision answered a check-back
 *   TXAT      d commit: commit-log offset of the committed message; r: root of the new half message
 * </pre>
 * Unknown properties are ignored, so later versions may add some; the store timestamp of the record
 * is when it happened.
 */
record OpEntry(OpKind kind, long root, String uniqKey, Actor actor, boolean commit, boolean answeredCheck,
               long at) {
    static final String VERSION = "1";
    static final String P_VERSION = "TXV";
    static final String P_BY = "TXBY";
    static final String P_WHO = "TXWHO";
    static final String P_WHY = "TXWHY";
    static final String P_ACTION = "TXACT";
    static final String P_CHECK = "TXCHK";
    static final String P_AT = "TXAT";

    static OpEntry done(long root, String uniqKey, Actor actor, boolean commit, boolean answeredCheck,
                        long committedAt) {
        return new OpEntry(OpKind.DONE, root, uniqKey, actor, commit, answeredCheck, committedAt);
    }

    static OpEntry checked(long root, String uniqKey, String target) {
        return new OpEntry(OpKind.CHECKED, root, uniqKey, Actor.broker(target), false, false, -1);
    }

    static OpEntry stuck(long root, String uniqKey) {
        return new OpEntry(OpKind.STUCK, root, uniqKey, null, false, false, -1);
    }

    static OpEntry answeredUnknown(long root, String uniqKey, String who) {
        return new OpEntry(OpKind.ANSWERED_UNKNOWN, root, uniqKey, Actor.producer(who), false, true, -1);
    }

    static OpEntry checkAgain(long root, String uniqKey, Actor admin, long newRoot) {
        return new OpEntry(OpKind.CHECK_AGAIN, root, uniqKey, admin, false, false, newRoot);
    }

    /** The op record for the store (topic, queue and hosts are set by {@link OpLog}). */
    void writeTo(MessageExt op) {
        op.setTags(kind.tag());
        op.setBody(Long.toString(root).getBytes(StandardCharsets.UTF_8));
        op.putProperty(P_VERSION, VERSION);
        putIfSet(op, MessageConst.UNIQ_KEY, uniqKey);
        if (actor != null) {
            if (kind == OpKind.DONE || kind == OpKind.CHECK_AGAIN) {
                op.putProperty(P_BY, actor.by().code());
            }
            putIfSet(op, P_WHO, actor.address());
            putIfSet(op, P_WHY, actor.reason());
        }
        if (kind == OpKind.DONE) {
            op.putProperty(P_ACTION, commit ? "c" : "r");
            if (answeredCheck) {
                op.putProperty(P_CHECK, "1");
            }
        }
        if (at >= 0) {
            op.putProperty(P_AT, Long.toString(at));
        }
    }

    /** The entry an op record holds, or null when it names no transaction or has an unknown tag. */
    static OpEntry readFrom(MessageExt op) {
        OpKind kind = OpKind.ofTag(op.getTags());
        long root = rootOf(op);
        if (kind == null || root < 0) {
            return null;
        }
        Actor actor = null;
        String who = op.getProperty(P_WHO);
        String by = op.getProperty(P_BY);
        if (who != null || by != null) {
            Actor.By actorKind = by != null ? Actor.By.ofCode(by)
                    : kind == OpKind.CHECKED ? Actor.By.BROKER : Actor.By.PRODUCER;
            actor = new Actor(actorKind, who, op.getProperty(P_WHY));
        }
        return new OpEntry(kind, root, op.getProperty(MessageConst.UNIQ_KEY), actor,
                "c".equals(op.getProperty(P_ACTION)), "1".equals(op.getProperty(P_CHECK)),
                parseLong(op.getProperty(P_AT)));
    }

    /** What the check scan needs of an op record: its kind, its root and, for CHECKED, who was checked. */
    record Head(OpKind kind, long root, String checkTarget) {
    }

    private static final byte[] TAGS_UTF8 = MessageConst.TAGS.getBytes(StandardCharsets.UTF_8);
    private static final byte[] WHO_UTF8 = P_WHO.getBytes(StandardCharsets.UTF_8);
    private static final int MAX_ROOT_DIGITS = 20;

    /**
     * The head of the op record at index 0 of {@code record}, read in place (no decoding of the whole
     * record), or null when it names no transaction or has an unknown tag. Same reading as {@link #readFrom}.
     */
    static Head headOf(ByteBuffer record) {
        OpKind kind = OpKind.ofTag(MessageRecord.property(record, 0, TAGS_UTF8));
        long root = rootAt(record, MessageRecord.bodyPosition(record, 0), MessageRecord.bodyLength(record, 0));
        if (kind == null || root < 0) {
            return null;
        }
        return new Head(kind, root, kind == OpKind.CHECKED ? MessageRecord.property(record, 0, WHO_UTF8) : null);
    }

    /** The decimal offset in {@code [at, at + length)}, surrounding blanks allowed, or -1. */
    private static long rootAt(ByteBuffer buf, int at, int length) {
        if (length <= 0 || length > MAX_ROOT_DIGITS) {
            return -1;
        }
        int from = at;
        int to = at + length;
        while (from < to && buf.get(from) <= ' ') {
            from++;
        }
        while (to > from && buf.get(to - 1) <= ' ') {
            to--;
        }
        if (from == to) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = buf.get(i) - '0';
            if (digit < 0 || digit > 9 || value > (Long.MAX_VALUE - digit) / 10) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** The root an op record names, or -1 when its body is not an offset. */
    static long rootOf(MessageExt op) {
        byte[] body = op.getBody();
        return body == null ? -1 : rootAt(ByteBuffer.wrap(body), 0, body.length);
    }

    private static long parseLong(String text) {
        if (text == null) {
            return -1;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void putIfSet(MessageExt msg, String key, String value) {
        if (value != null && !value.isEmpty()) {
            msg.putProperty(key, value);
        }
    }
}
