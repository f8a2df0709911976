package io.ferrymq.transaction;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.QueryResult;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Index lookups the transaction service needs: the records of a topic by unique id or key, and
 * whether a transaction's committed message is already stored. Control path only (check-back
 * answers, admin requests): each call waits (bounded) for dispatch to reach the log end, since the
 * index is written after the consume queues.
 */
final class StoreLookup {
    private static final long DISPATCH_WAIT_NANOS = 3_000_000_000L;
    /** Store clocks of other brokers' records may be a little ahead; an hour covers any sane skew. */
    private static final long QUERY_SLACK_MILLIS = 3_600_000;

    private final MessageStore store;
    private final InstantSource clock;

    StoreLookup(MessageStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Records of {@code topic} whose unique id is, or whose keys contain, {@code key}, stored since {@code sinceMillis}. */
    List<MessageExt> query(String topic, String key, long sinceMillis) {
        awaitDispatch(store.commitLog().maxOffset());
        List<MessageExt> found = new ArrayList<>();
        try (QueryResult result = store.queryMessage(topic, key, MessageStore.MAX_QUERY_RESULTS,
                Math.max(0, sinceMillis - QUERY_SLACK_MILLIS), clock.millis() + QUERY_SLACK_MILLIS)) {
            for (ByteBuffer record : result.messages()) {
                found.add(MessageRecord.decode(record.duplicate(), true, false));
            }
        }
        return found;
    }

    /**
     * The committed message of the transaction whose first half message is at {@code halfCommitLogOffset}
     * (looked up by unique id), or null. A message committed from a later half message of the same
     * transaction (an operator's "check again") counts too. A commit with a delay level or a delivery time
     * goes to a parking topic first and reaches {@code realTopic} only later, so the parked copy counts as
     * well: the first copy found, in the real topic or parked.
     */
    MessageExt committed(String realTopic, String uniqKey, long halfCommitLogOffset, long sinceMillis) {
        List<MessageExt> copies = committedCopies(realTopic, uniqKey, halfCommitLogOffset, sinceMillis, true);
        return copies.isEmpty() ? null : copies.get(0);
    }

    /**
     * Every stored copy of the transaction's committed message: in {@code realTopic}, then parked for a
     * delay level ({@code SCHEDULE_TOPIC_XXXX}) or a delivery time ({@code rmq_sys_wheel_timer}) with
     * {@code realTopic} as its REAL_TOPIC. The index keys records by topic and key, hence one query per topic.
     */
    List<MessageExt> committedCopies(String realTopic, String uniqKey, long halfCommitLogOffset, long sinceMillis,
                                     boolean firstOnly) {
        List<MessageExt> copies = new ArrayList<>();
        if (uniqKey == null || realTopic == null) {
            return copies;
        }
        for (String topic : new String[] {realTopic, SystemTopics.SCHEDULE_TOPIC, SystemTopics.TIMER_TOPIC}) {
            boolean parked = !topic.equals(realTopic);
            for (MessageExt msg : query(topic, uniqKey, sinceMillis)) {
                if (MessageSysFlag.transactionType(msg.getSysFlag()) == MessageSysFlag.TRANSACTION_COMMIT_TYPE
                        && uniqKey.equals(msg.getUniqKey())
                        && (!parked || realTopic.equals(msg.getProperty(MessageConst.REAL_TOPIC)))
                        && sameTransaction(msg.getPreparedTransactionOffset(), halfCommitLogOffset)) {
                    copies.add(msg);
                    if (firstOnly) {
                        return copies;
                    }
                }
            }
        }
        return copies;
    }

    /** Whether the half message at {@code preparedOffset} is {@code halfCommitLogOffset} or continues it. */
    private boolean sameTransaction(long preparedOffset, long halfCommitLogOffset) {
        if (preparedOffset == halfCommitLogOffset) {
            return true;
        }
        MessageExt half = QueueReader.readAt(store, preparedOffset);
        return half != null && Long.toString(halfCommitLogOffset).equals(half.getProperty(StuckQueue.P_HALF_OFFSET));
    }

    private void awaitDispatch(long logEnd) {
        long deadline = System.nanoTime() + DISPATCH_WAIT_NANOS;
        while (store.dispatchedOffset() < logEnd && System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000);
        }
    }
}
