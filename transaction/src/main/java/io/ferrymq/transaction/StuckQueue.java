package io.ferrymq.transaction;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.commitlog.PutResult;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Stuck transactions in {@code RMQ_SYS_TRANS_CHECK_MAX_TIME_TOPIC} queue 0: the set of stuck
 * transactions is rebuilt at startup from this queue alone, reading from the oldest live copy.
 *
 * <pre>
 * copy     the half message (body, tags, keys, properties) with, besides:
 *   TRAN_PREPARED_QUEUE_OFFSET  the root
 *   TRANSACTION_CHECK_TIMES     checks sent
 *   TXREC     "s"
 *   TXHALF    commit-log offset of the transaction's first half message (the committed message
 *             points back at it; a half message written by "check again" carries it too)
 *   TXHALFTS  store time of the half message
 *   TXLCT, TXLCW  time and producer address of the last check (absent when none)
 * release  tag "released", body = root, TXREC "x", TRAN_PREPARED_QUEUE_OFFSET = root: the
 *          transaction was resolved or checked again; earlier copies of the root are void
 * </pre>
 * A copy is written again at the head of the log before retention could reach the old one, so a
 * stuck transaction outlives {@code fileReservedTime}. Copies written before TXREC existed count as
 * copies.
 */
final class StuckQueue {
    static final int QUEUE_ID = 0;
    static final String P_RECORD = "TXREC";
    static final String P_HALF_OFFSET = "TXHALF";
    static final String P_HALF_TIME = "TXHALFTS";
    static final String P_LAST_CHECK_TIME = "TXLCT";
    static final String P_LAST_CHECK_TARGET = "TXLCW";
    private static final String COPY = "s";
    private static final String RELEASE = "x";

    private final MessageStore store;
    private final InetSocketAddress brokerAddress;
    private final QueueReader reader;

    StuckQueue(MessageStore store, InetSocketAddress brokerAddress) {
        this.store = store;
        this.brokerAddress = brokerAddress;
        this.reader = new QueueReader(store, SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC, QUEUE_ID);
    }

    long maxOffset() {
        return reader.maxOffset();
    }

    /** Writes a copy of {@code source} (the half message, or an earlier copy) for {@code tx}. */
    CompletableFuture<PutResult> putCopy(MessageExt source, PendingTransaction tx) {
        MessageExt copy = HalfMessages.copyOf(source);
        copy.setTopic(SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC);
        copy.setQueueId(QUEUE_ID);
        copy.putProperty(MessageConst.TRAN_PREPARED_QUEUE_OFFSET, Long.toString(tx.root));
        copy.putProperty(MessageConst.TRANSACTION_CHECK_TIMES, Integer.toString(tx.checks));
        copy.putProperty(P_RECORD, COPY);
        if (copy.getProperty(P_HALF_OFFSET) == null) {
            copy.putProperty(P_HALF_OFFSET, Long.toString(tx.commitLogOffset));
        }
        copy.putProperty(P_HALF_TIME, Long.toString(tx.storeTimestamp));
        if (tx.lastCheckMillis >= 0) {
            copy.putProperty(P_LAST_CHECK_TIME, Long.toString(tx.lastCheckMillis));
        }
        if (tx.lastCheckTarget != null) {
            copy.putProperty(P_LAST_CHECK_TARGET, tx.lastCheckTarget);
        }
        copy.setStoreHost(brokerAddress);
        return store.putMessage(copy);
    }

    /** Writes the release of a stuck transaction (resolved or checked again). */
    CompletableFuture<PutResult> putRelease(PendingTransaction tx, long nowMillis) {
        MessageExt release = new MessageExt();
        release.setTopic(SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC);
        release.setQueueId(QUEUE_ID);
        release.setTags("released");
        release.setBody(Long.toString(tx.root).getBytes(StandardCharsets.UTF_8));
        release.putProperty(P_RECORD, RELEASE);
        release.putProperty(MessageConst.TRAN_PREPARED_QUEUE_OFFSET, Long.toString(tx.root));
        release.setBornTimestamp(nowMillis);
        release.setBornHost(brokerAddress);
        release.setStoreHost(brokerAddress);
        return store.putMessage(release);
    }

    /** The latest copy of a stuck transaction, or null when it is gone. */
    MessageExt readCopy(PendingTransaction tx) {
        return QueueReader.readAt(store, tx.stuckCommitLogOffset);
    }

    /**
     * Startup: replays the queue from {@code from} into {@code table}.
     *
     * @return records read
     */
    long replay(long from, TransactionTable table) {
        long end = reader.maxOffset();
        long start = Math.max(from, store.minOffset(SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC, QUEUE_ID));
        long reached = reader.read(from, end, (queueOffset, record) -> {
            long root = longProperty(record, MessageConst.TRAN_PREPARED_QUEUE_OFFSET, -1);
            if (root < 0) {
                return;
            }
            if (RELEASE.equals(record.getProperty(P_RECORD))) {
                table.unloadStuck(root);
            } else {
                table.loadStuck(transactionOf(root, record), queueOffset, record.getCommitLogOffset(),
                        record.getStoreTimestamp());
            }
        });
        return Math.max(0, reached - start);
    }

    private static PendingTransaction transactionOf(long root, MessageExt copy) {
        PendingTransaction tx = new PendingTransaction(root,
                longProperty(copy, P_HALF_OFFSET, copy.getCommitLogOffset()), copy.getProperty(MessageConst.PGROUP),
                copy.getProperty(MessageConst.REAL_TOPIC), copy.getUniqKey(), copy.getKeys(), copy.getBornHost(),
                longProperty(copy, P_HALF_TIME, copy.getStoreTimestamp()), Long.MAX_VALUE);
        tx.checks = (int) longProperty(copy, MessageConst.TRANSACTION_CHECK_TIMES, 0);
        tx.lastCheckMillis = longProperty(copy, P_LAST_CHECK_TIME, -1);
        tx.lastCheckTarget = copy.getProperty(P_LAST_CHECK_TARGET);
        return tx;
    }

    private static long longProperty(MessageExt msg, String key, long defaultValue) {
        String value = msg.getProperty(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return defaultValue;
        }
    }
}
