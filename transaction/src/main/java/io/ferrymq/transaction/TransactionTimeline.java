package io.ferrymq.transaction;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.topic.SystemTopics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The history of one transaction, read from the store alone (so it survives restarts): its half
 * messages and op records found in the index by unique id, and the committed message in its real
 * topic (and, for a delayed or timed commit, its copy parked until its time). At most {@link io.ferrymq.store.MessageStore#MAX_QUERY_RESULTS} records of each kind.
 *
 * @param state     PENDING, STUCK, COMMITTED, ROLLED_BACK, or UNKNOWN when nothing says
 * @param events    in time order (the broker's store clock)
 * @param delivered where the committed message landed (empty unless committed): its real topic, and the
 *                  parking topic first when it carries a delay level or a delivery time
 */
public record TransactionTimeline(String transactionId, String topic, String producerGroup, String keys,
                                  String state, List<Event> events, List<Delivery> delivered) {

    /** What happened. */
    public enum Kind {
        HALF_STORED,
        CHECK_SENT,
        CHECK_ANSWERED_UNKNOWN,
        STUCK,
        CHECK_AGAIN,
        COMMITTED,
        ROLLED_BACK
    }

    /**
     * One step.
     *
     * @param root   the half-queue offset the step is about
     * @param by     PRODUCER, ADMIN or BROKER (null when not recorded)
     * @param who    address: the producer that decided or answered, the admin, or the check's target
     * @param reason an operator's reason, or null
     * @param detail free text (check number, producer's born time, the new root, ...)
     */
    public record Event(long timeMillis, Kind kind, long root, String by, String who, String reason, String detail) {
    }

    /** A committed message as stored: in its real topic, or parked in a delay or timer topic until its time. */
    public record Delivery(String topic, int queueId, long queueOffset, String offsetMsgId, long storeTimestamp) {
    }

    /** Builds the timeline of {@code transactionId}; null when the store has no half message with that id. */
    static TransactionTimeline build(String transactionId, StoreLookup lookup, TransactionTable table) {
        List<MessageExt> halves = new ArrayList<>();
        for (MessageExt half : lookup.query(SystemTopics.TRANS_HALF_TOPIC, transactionId, 0)) {
            if (transactionId.equals(half.getUniqKey())) {
                halves.add(half);
            }
        }
        if (halves.isEmpty()) {
            return null;
        }
        halves.sort(Comparator.comparingLong(MessageExt::getQueueOffset));
        MessageExt first = halves.get(0);
        String topic = first.getProperty(MessageConst.REAL_TOPIC);
        List<Event> events = new ArrayList<>();
        for (MessageExt half : halves) {
            String previous = half.getProperty(HalfMessages.P_PREVIOUS_ROOT);
            events.add(new Event(half.getStoreTimestamp(), Kind.HALF_STORED, half.getQueueOffset(), "PRODUCER",
                    hostOf(half), null, (previous != null ? "continues root " + previous + "; " : "")
                    + "producer's born time " + half.getBornTimestamp()));
        }
        String state = addOps(lookup.query(SystemTopics.TRANS_OP_HALF_TOPIC, transactionId, first.getStoreTimestamp()),
                transactionId, events);
        List<Delivery> delivered = new ArrayList<>();
        for (MessageExt msg : lookup.committedCopies(topic, transactionId, first.getCommitLogOffset(),
                first.getStoreTimestamp(), false)) {
            delivered.add(new Delivery(msg.getTopic(), msg.getQueueId(), msg.getQueueOffset(), msg.getOffsetMsgId(),
                    msg.getStoreTimestamp()));
        }
        for (MessageExt half : halves) {
            PendingTransaction tx = table.find(half.getQueueOffset());
            if (tx != null) {
                state = tx.state.name();
            }
        }
        events.sort(Comparator.comparingLong(Event::timeMillis)); // stable: ties keep store order
        return new TransactionTimeline(transactionId, topic, first.getProperty(MessageConst.PGROUP), first.getKeys(),
                state, events, delivered);
    }

    /**
     * Adds the op records' events; returns the state they end in. A check's record is written just after
     * the check is sent, so the producer's UNKNOW answer may be recorded first: such an answer is shown
     * after the check it answers (at that check's time if it was stored earlier).
     */
    private static String addOps(List<MessageExt> records, String transactionId, List<Event> events) {
        records.sort(Comparator.comparingLong(MessageExt::getQueueOffset));
        String state = "UNKNOWN";
        int checkNumber = 0;
        int unanswered = 0;
        ArrayDeque<Event> early = new ArrayDeque<>();
        for (MessageExt record : records) {
            OpEntry op = OpEntry.readFrom(record);
            if (op == null || !transactionId.equals(op.uniqKey())) {
                continue;
            }
            String by = op.actor() == null ? null : op.actor().by().name();
            String who = op.actor() == null ? null : op.actor().address();
            String reason = op.actor() == null ? null : op.actor().reason();
            long at = record.getStoreTimestamp();
            switch (op.kind()) {
                case CHECKED -> {
                    events.add(new Event(at, Kind.CHECK_SENT, op.root(), by, who, null, "check " + ++checkNumber));
                    Event answer = early.poll();
                    if (answer == null) {
                        unanswered++;
                    } else {
                        events.add(new Event(Math.max(at, answer.timeMillis()), answer.kind(), answer.root(),
                                answer.by(), answer.who(), answer.reason(), answer.detail()));
                    }
                }
                case ANSWERED_UNKNOWN -> {
                    Event answer = new Event(at, Kind.CHECK_ANSWERED_UNKNOWN, op.root(), by, who, null, "UNKNOW");
                    if (unanswered > 0) {
                        unanswered--;
                        events.add(answer);
                    } else {
                        early.add(answer);
                    }
                }
                case STUCK -> {
                    events.add(new Event(at, Kind.STUCK, op.root(), "BROKER", null, null,
                            "set aside after " + checkNumber + " checks"));
                    state = "STUCK";
                }
                case CHECK_AGAIN -> {
                    events.add(new Event(at, Kind.CHECK_AGAIN, op.root(), by, who, reason,
                            "continues as root " + op.at()));
                    checkNumber = 0;
                    state = "PENDING";
                }
                case DONE -> {
                    events.add(new Event(at, op.commit() ? Kind.COMMITTED : Kind.ROLLED_BACK, op.root(), by, who,
                            reason, op.answeredCheck() ? "answer to a check-back" : null));
                    state = op.commit() ? "COMMITTED" : "ROLLED_BACK";
                }
                default -> {
                }
            }
        }
        events.addAll(early); // answers whose check record is missing: shown where they were stored
        return state;
    }

    /** Unique ids of the transactions of {@code topic} whose keys contain {@code key}. */
    static Set<String> idsByKey(String topic, String key, StoreLookup lookup) {
        Set<String> ids = new LinkedHashSet<>();
        for (MessageExt half : lookup.query(SystemTopics.TRANS_HALF_TOPIC, key, 0)) {
            if (half.getUniqKey() != null && (topic == null
                    || Objects.equals(topic, half.getProperty(MessageConst.REAL_TOPIC)))) {
                ids.add(half.getUniqKey());
            }
        }
        return ids;
    }

    private static String hostOf(MessageExt msg) {
        return msg.getBornHost() == null ? null
                : msg.getBornHost().getAddress().getHostAddress() + ":" + msg.getBornHost().getPort();
    }
}
