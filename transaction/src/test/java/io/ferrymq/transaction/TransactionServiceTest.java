package io.ferrymq.transaction;

import io.ferrymq.store.StoreReads;
import static io.ferrymq.store.StoreReads.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.MessageFilter;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.commitlog.PutResult;
import io.ferrymq.store.commitlog.PutStatus;
import io.ferrymq.store.config.StoreConfig;
import io.ferrymq.store.dispatch.ArrivalListener;
import io.ferrymq.transaction.EndTransactionResult.Status;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the transaction service against a real store, with the clock and the scan moved by hand. */
class TransactionServiceTest {
    private static final InetSocketAddress BROKER = new InetSocketAddress("127.0.0.1", 10911);
    private static final InetSocketAddress PRODUCER = new InetSocketAddress("192.168.1.10", 54321);
    private static final String PRODUCER_ADDRESS = "192.168.1.10:54321";
    private static final String GROUP = "tx-group";
    private static final String TOPIC = "OrderCreated";

    @TempDir
    Path root;
    private final ManualClock clock = new ManualClock();
    private final Map<String, Long> progress = new ConcurrentHashMap<>();
    private final List<MessageExt> checks = new CopyOnWriteArrayList<>();
    private volatile boolean producerOnline = true;
    private MessageStore store;
    private TransactionService service;
    private int checkMax = 3;

    /** A clock moved by hand. */
    static final class ManualClock implements InstantSource {
        final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public long millis() {
            return millis.get();
        }

        void advance(long delta) {
            millis.addAndGet(delta);
        }
    }

    @BeforeEach
    void open() throws IOException {
        Properties p = new Properties();
        p.setProperty("storePathRootDir", root.toString());
        p.setProperty("mapedFileSizeCommitLog", Integer.toString(256 * 1024));
        p.setProperty("mapedFileSizeConsumeQueue", Integer.toString(1000 * 20));
        p.setProperty("flushIntervalCommitLog", "10");
        store = new MessageStore(StoreConfig.from(p), clock, System::nanoTime, ArrivalListener.NONE);
        store.start();
        service = newService();
    }

    private TransactionService newService() {
        TransactionService s = new TransactionService(new TransactionConfig(6_000, 30_000, checkMax, 10, 1000), store,
                this::brokerPut, (group, bornHost, check) -> {
                    if (!producerOnline) {
                        return null;
                    }
                    checks.add(check);
                    return PRODUCER_ADDRESS;
                }, new ProgressStore() {
                    @Override
                    public long load(String key) {
                        return progress.getOrDefault(key, -1L);
                    }

                    @Override
                    public void save(String key, long value) {
                        progress.put(key, value);
                    }
                }, BROKER, clock);
        s.open();
        return s;
    }

    /**
     * Stores a committed message the way the broker's writer does: one with a delay level is parked in
     * SCHEDULE_TOPIC_XXXX (queue level - 1), one with a delivery time in rmq_sys_wheel_timer, real topic and
     * queue kept in properties; delivered to the real topic later by {@link #deliverParked}.
     */
    private CompletableFuture<PutResult> brokerPut(MessageExt msg) {
        String level = msg.getProperty(MessageConst.DELAY);
        String deliverMs = msg.getProperty(MessageConst.TIMER_DELIVER_MS);
        if (level != null || deliverMs != null) {
            msg.putProperty(MessageConst.REAL_TOPIC, msg.getTopic());
            msg.putProperty(MessageConst.REAL_QID, Integer.toString(msg.getQueueId()));
            if (level != null) {
                msg.setTopic(SystemTopics.SCHEDULE_TOPIC);
                msg.setQueueId(Integer.parseInt(level) - 1);
            } else {
                msg.putProperty(MessageConst.TIMER_OUT_MS, deliverMs);
                msg.setTopic(SystemTopics.TIMER_TOPIC);
                msg.setQueueId(0);
            }
        }
        return store.putMessage(msg);
    }

    /** What the delay and timer services do when the time comes: the parked copy re-put to its real topic. */
    private void deliverParked(MessageExt parked) {
        MessageExt real = HalfMessages.copyOf(parked);
        real.setTopic(parked.getProperty(MessageConst.REAL_TOPIC));
        real.setQueueId(Integer.parseInt(parked.getProperty(MessageConst.REAL_QID)));
        real.removeProperty(MessageConst.DELAY);
        real.setPreparedTransactionOffset(parked.getPreparedTransactionOffset());
        assertEquals(PutStatus.PUT_OK, store.putMessage(real).join().status());
    }

    private List<MessageExt> queue(String topic, int queueId) {
        List<MessageExt> messages = new ArrayList<>();
        try (GetResult result = store.getMessages(topic, queueId, 0, 100, Integer.MAX_VALUE, MessageFilter.ALL)) {
            result.messages().forEach(b -> messages.add(MessageRecord.decode(b.duplicate(), true, false)));
        }
        return messages;
    }

    @AfterEach
    void close() throws IOException {
        store.shutdown();
    }

    private static MessageExt orderMessage(String id) {
        MessageExt m = new MessageExt();
        m.setTopic(TOPIC);
        m.setQueueId(2);
        m.setTags("created");
        m.setKeys("order-" + id);
        m.putProperty(MessageConst.UNIQ_KEY, "UNIQ-" + id);
        m.putProperty(MessageConst.TRAN_MSG, "true");
        m.putProperty(MessageConst.PGROUP, GROUP);
        m.putProperty("amount", "42");
        m.setBody(("order " + id).getBytes(StandardCharsets.UTF_8));
        m.setSysFlag(MessageSysFlag.TRANSACTION_PREPARED_TYPE);
        m.setBornHost(PRODUCER);
        m.setStoreHost(BROKER);
        m.setBornTimestamp(4_000_000_000_000L); // a producer clock far off: must not matter
        return m;
    }

    /** Prepares a transaction and waits until its half record is dispatched; returns the put result. */
    private PutResult prepare(String id) {
        PutResult put = service.prepare(orderMessage(id)).join();
        assertEquals(PutStatus.PUT_OK, put.status());
        await(() -> store.maxOffset(SystemTopics.TRANS_HALF_TOPIC, 0) > put.queueOffset(), "half dispatched");
        return put;
    }

    private EndTransactionResult end(PutResult half, int state, String group) {
        return service.endTransaction(new EndTransactionRequest(group, half.queueOffset(), half.physicalOffset(),
                state, false, null)).join();
    }

    private List<MessageExt> realTopicMessages(int expected) {
        await(() -> store.maxOffset(TOPIC, 2) >= expected, expected + " committed messages dispatched");
        return StoreReads.readQueue(store, TOPIC, 2);
    }


    @Test
    void halfMessageIsInvisibleUntilCommitThenDeliveredAsSent() {
        PutResult half = prepare("1");
        assertEquals(0, store.maxOffset(TOPIC, 2), "no consumer of the real topic sees a half message");

        EndTransactionResult result = end(half, EndTransactionRequest.COMMIT, GROUP);
        assertEquals(Status.COMMITTED, result.status());
        MessageExt committed = realTopicMessages(1).get(0);
        assertEquals("UNIQ-1", committed.getUniqKey());
        assertEquals("created", committed.getTags());
        assertEquals("order-1", committed.getKeys());
        assertEquals("42", committed.getProperty("amount"));
        assertNull(committed.getProperty(MessageConst.REAL_TOPIC));
        assertNull(committed.getProperty(MessageConst.TRAN_MSG));
        assertEquals(MessageSysFlag.TRANSACTION_COMMIT_TYPE, MessageSysFlag.transactionType(committed.getSysFlag()));
        assertEquals(half.physicalOffset(), committed.getPreparedTransactionOffset());
        assertEquals("order 1", new String(committed.getBody(), StandardCharsets.UTF_8));
    }

    @Test
    void repeatedOrLateResolutionsAreHarmless() {
        PutResult half = prepare("1");
        assertEquals(Status.COMMITTED, end(half, EndTransactionRequest.COMMIT, GROUP).status());
        assertEquals(Status.ALREADY_RESOLVED, end(half, EndTransactionRequest.COMMIT, GROUP).status());
        assertEquals(Status.ALREADY_RESOLVED, end(half, EndTransactionRequest.ROLLBACK, GROUP).status());
        service.scan().doWork();
        assertEquals(Status.ALREADY_RESOLVED, end(half, EndTransactionRequest.COMMIT, GROUP).status());
        assertEquals(1, realTopicMessages(1).size());
        assertEquals(1, store.maxOffset(TOPIC, 2), "delivered once");
    }

    @Test
    void concurrentCommitsDeliverOnce() throws Exception {
        PutResult half = prepare("1");
        List<Thread> threads = new ArrayList<>();
        List<Status> statuses = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> statuses.add(end(half, EndTransactionRequest.COMMIT, GROUP).status()));
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertEquals(1, statuses.stream().filter(s -> s == Status.COMMITTED).count(), statuses.toString());
        assertEquals(7, statuses.stream().filter(s -> s == Status.ALREADY_RESOLVED).count());
        realTopicMessages(1);
        service.scan().doWork();
        assertEquals(1, store.maxOffset(TOPIC, 2));
    }

    @Test
    void rollbackIsNeverDelivered() {
        PutResult half = prepare("1");
        assertEquals(Status.ROLLED_BACK, end(half, EndTransactionRequest.ROLLBACK, GROUP).status());
        clock.advance(60_000);
        service.scan().doWork();
        assertTrue(checks.isEmpty(), "a rolled-back transaction is not checked");
        assertEquals(0, store.maxOffset(TOPIC, 2));
    }

    @Test
    void badEndTransactionsGetClearErrors() {
        PutResult half = prepare("1");
        assertEquals(Status.NOT_FOUND, service.endTransaction(new EndTransactionRequest(GROUP, 0, 999_999, 8, false,
                null)).join().status());
        EndTransactionResult wrongGroup = end(half, EndTransactionRequest.COMMIT, "other-group");
        assertEquals(Status.MISMATCH, wrongGroup.status());
        assertTrue(wrongGroup.detail().contains(GROUP));
        assertEquals(Status.MISMATCH, service.endTransaction(new EndTransactionRequest(GROUP, half.queueOffset() + 5,
                half.physicalOffset(), 8, false, null)).join().status());
        assertEquals(Status.STILL_PENDING, end(half, EndTransactionRequest.UNKNOWN, GROUP).status());
        assertEquals(Status.COMMITTED, end(half, EndTransactionRequest.COMMIT, GROUP).status(),
                "errors left the transaction intact");
    }

    @Test
    void firstCheckComesAtTheTimeoutByTheBrokersClock() {
        PutResult half = prepare("1");
        service.scan().doWork();
        clock.advance(5_999);
        service.scan().doWork();
        assertTrue(checks.isEmpty(), "checked before the timeout");
        clock.advance(1);
        service.scan().doWork();
        assertEquals(1, checks.size());
        MessageExt check = checks.get(0);
        assertEquals(TOPIC, check.getTopic(), "the producer sees the real topic");
        assertEquals(2, check.getQueueId());
        assertEquals("UNIQ-1", check.getUniqKey());
        assertEquals(GROUP, check.getProperty(MessageConst.PGROUP));
        assertEquals("1", check.getProperty(MessageConst.TRANSACTION_CHECK_TIMES));
        assertEquals(half.physicalOffset(), check.getCommitLogOffset());
        assertEquals(half.queueOffset(), check.getQueueOffset());

        service.scan().doWork();
        clock.advance(29_999);
        service.scan().doWork();
        assertEquals(1, checks.size(), "at most one check outstanding per interval");
        clock.advance(1);
        service.scan().doWork();
        assertEquals(2, checks.size());
        assertEquals("2", checks.get(1).getProperty(MessageConst.TRANSACTION_CHECK_TIMES));
    }

    @Test
    void checkAnswerResolvesTheTransaction() {
        PutResult half = prepare("1");
        clock.advance(6_000);
        service.scan().doWork();
        MessageExt check = checks.get(0);
        EndTransactionResult answer = service.endTransaction(new EndTransactionRequest(GROUP, check.getQueueOffset(),
                check.getCommitLogOffset(), EndTransactionRequest.COMMIT, true, check.getUniqKey())).join();
        assertEquals(Status.COMMITTED, answer.status());
        clock.advance(600_000);
        service.scan().doWork();
        assertEquals(1, checks.size());
        assertEquals(0, service.pendingCount());
        assertEquals(1, realTopicMessages(1).size());
        assertEquals(half.queueOffset() + 1, progress.get(CheckScan.HALF_PROGRESS));
    }

    @Test
    void noLiveProducerMeansNoCountedCheck() {
        prepare("1");
        producerOnline = false;
        clock.advance(6_000);
        service.scan().doWork();
        assertEquals(0, service.pending().get(0).checks());
        producerOnline = true;
        clock.advance(1_000);
        service.scan().doWork();
        assertEquals(1, checks.size());
        assertEquals("1", checks.get(0).getProperty(MessageConst.TRANSACTION_CHECK_TIMES));
    }

    @Test
    void exhaustedChecksSetTheTransactionAsideNeverDropIt() {
        PutResult half = prepare("1");
        clock.advance(6_000);
        for (int i = 0; i < checkMax; i++) {
            service.scan().doWork();
            clock.advance(30_000);
        }
        assertEquals(checkMax, checks.size());
        service.scan().doWork();
        assertEquals(checkMax, checks.size(), "no check past transactionCheckMax");
        assertEquals(0, service.pendingCount());
        await(() -> store.maxOffset(SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC, 0) == 1, "stuck copy kept");
        try (GetResult stuck = store.getMessages(SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC, 0, 0, 1, Integer.MAX_VALUE,
                MessageFilter.ALL)) {
            MessageExt kept = MessageRecord.decode(stuck.messages().get(0).duplicate(), true, false);
            assertEquals("UNIQ-1", kept.getUniqKey());
            assertEquals(TOPIC, kept.getProperty(MessageConst.REAL_TOPIC));
            assertEquals(Long.toString(half.queueOffset()), kept.getProperty(MessageConst.TRAN_PREPARED_QUEUE_OFFSET));
        }
        clock.advance(600_000);
        service.scan().doWork();
        assertEquals(checkMax, checks.size());
    }

    @Test
    void stateSurvivesARestartWithoutRescanningOrRedelivering() throws IOException {
        PutResult committed = prepare("committed");
        PutResult pendingOne = prepare("pending");
        assertEquals(Status.COMMITTED, end(committed, EndTransactionRequest.COMMIT, GROUP).status());
        clock.advance(6_000);
        service.scan().doWork(); // one check of the pending transaction
        assertEquals(1, checks.size());
        await(() -> store.maxOffset(SystemTopics.TRANS_OP_HALF_TOPIC, 0) >= 2, "op records dispatched");
        service.scan().doWork();

        store.shutdown();
        store = new MessageStore(StoreConfig.from(propsOf(root)), clock, System::nanoTime, ArrivalListener.NONE);
        store.start();
        service = newService();
        service.scan().doWork();

        assertEquals(1, service.pendingCount(), "only the unresolved transaction is pending");
        assertEquals(1, service.pending().get(0).checks(), "its check count survived");
        assertEquals(Status.ALREADY_RESOLVED, end(committed, EndTransactionRequest.COMMIT, GROUP).status());
        assertEquals(1, store.maxOffset(TOPIC, 2), "the committed message was not delivered twice");
        clock.advance(30_000);
        service.scan().doWork();
        assertEquals("2", checks.get(1).getProperty(MessageConst.TRANSACTION_CHECK_TIMES));
        assertEquals(Status.COMMITTED, end(pendingOne, EndTransactionRequest.COMMIT, GROUP).status());
    }

    @Test
    void aCommitStoredBeforeACrashThatLostItsOpIsNotStoredAgain() {
        PutResult half = prepare("1");
        MessageExt stored = QueueReader.readAt(store, half.physicalOffset());
        assertEquals(PutStatus.PUT_OK, store.putMessage(HalfMessages.toCommitted(stored)).join().status());
        realTopicMessages(1);
        // the op record was never written: the producer answers the check-back with COMMIT
        EndTransactionResult answer = service.endTransaction(new EndTransactionRequest(GROUP, half.queueOffset(),
                half.physicalOffset(), EndTransactionRequest.COMMIT, true, "UNIQ-1")).join();
        assertEquals(Status.ALREADY_RESOLVED, answer.status());
        await(() -> store.maxOffset(SystemTopics.TRANS_OP_HALF_TOPIC, 0) == 1, "op record written");
        assertEquals(1, store.maxOffset(TOPIC, 2), "not stored twice");
        clock.advance(60_000);
        service.scan().doWork();
        assertTrue(checks.isEmpty());
    }

    @Test
    void aDelayedCommitParkedBeforeACrashThatLostItsOpIsNotStoredAgain() throws IOException {
        parkedCommitSurvivesACrash(MessageConst.DELAY, "2", SystemTopics.SCHEDULE_TOPIC, 1, false);
    }

    @Test
    void aTimedCommitParkedBeforeACrashThatLostItsOpIsNotStoredAgain() throws IOException {
        parkedCommitSurvivesACrash(MessageConst.TIMER_DELIVER_MS, Long.toString(clock.millis() + 3_600_000),
                SystemTopics.TIMER_TOPIC, 0, false);
    }

    @Test
    void aDelayedCommitAlreadyDeliveredFromItsParkingTopicIsNotStoredAgain() throws IOException {
        parkedCommitSurvivesACrash(MessageConst.DELAY, "3", SystemTopics.SCHEDULE_TOPIC, 2, true);
    }

    /**
     * A transaction whose message carries {@code property}: committed (parked in {@code parkingTopic}), then
     * a crash before the op record. After the restart the check-back is answered COMMIT: it finds the parked
     * copy (or, with {@code deliveredBeforeCheck}, the copy already re-put to the real topic) and stores
     * nothing, so the message reaches its topic exactly once.
     */
    private void parkedCommitSurvivesACrash(String property, String value, String parkingTopic, int parkingQueue,
                                            boolean deliveredBeforeCheck) throws IOException {
        MessageExt order = orderMessage("1");
        order.putProperty(property, value);
        PutResult half = service.prepare(order).join();
        assertEquals(PutStatus.PUT_OK, half.status());
        await(() -> store.maxOffset(SystemTopics.TRANS_HALF_TOPIC, 0) > half.queueOffset(), "half dispatched");
        // the commit is stored, then the broker dies before the op record
        assertEquals(PutStatus.PUT_OK, brokerPut(HalfMessages.toCommitted(QueueReader.readAt(store,
                half.physicalOffset()))).join().status());
        await(() -> store.maxOffset(parkingTopic, parkingQueue) == 1, "committed message parked");
        assertEquals(0, store.maxOffset(TOPIC, 2), "parked until its time");

        store.shutdown();
        store = new MessageStore(StoreConfig.from(propsOf(root)), clock, System::nanoTime, ArrivalListener.NONE);
        store.start();
        service = newService();
        if (deliveredBeforeCheck) {
            deliverParked(queue(parkingTopic, parkingQueue).get(0));
            realTopicMessages(1);
        }
        service.scan().doWork();
        assertEquals(1, service.pendingCount(), "no op record: the transaction is pending again");
        clock.advance(6_000);
        service.scan().doWork();
        assertEquals(1, checks.size());
        MessageExt check = checks.get(0);
        EndTransactionResult answer = service.endTransaction(new EndTransactionRequest(GROUP, check.getQueueOffset(),
                check.getCommitLogOffset(), EndTransactionRequest.COMMIT, true, check.getUniqKey())).join();
        assertEquals(Status.ALREADY_RESOLVED, answer.status(), String.valueOf(answer.detail()));
        long logEnd = store.commitLog().maxOffset();
        await(() -> store.dispatchedOffset() >= logEnd, "the decision dispatched");
        assertEquals(1, store.maxOffset(parkingTopic, parkingQueue), "parked once, not twice");
        if (!deliveredBeforeCheck) {
            deliverParked(queue(parkingTopic, parkingQueue).get(0));
        }
        List<MessageExt> delivered = realTopicMessages(1);
        assertEquals(1, delivered.size(), "delivered once");
        assertEquals("UNIQ-1", delivered.get(0).getUniqKey());
        clock.advance(600_000);
        service.scan().doWork();
        assertEquals(1, checks.size(), "resolved: not checked again");
        assertEquals(0, service.pendingCount());

        TransactionTimeline timeline = service.timeline("UNIQ-1");
        assertEquals("COMMITTED", timeline.state());
        assertEquals(List.of(TOPIC, parkingTopic), timeline.delivered().stream()
                .map(TransactionTimeline.Delivery::topic).toList(), "the timeline shows the delivery and the parked copy");
    }

    @Test
    void anUnknownAnswerRecordedBeforeItsCheckIsShownAfterIt() {
        PutResult half = prepare("1");
        clock.advance(6_000);
        // the producer answers so fast that its UNKNOW is recorded before the scan records the check it sent
        assertEquals(Status.STILL_PENDING, service.endTransaction(new EndTransactionRequest(GROUP, half.queueOffset(),
                half.physicalOffset(), EndTransactionRequest.UNKNOWN, true, "UNIQ-1")).join().status());
        clock.advance(1);
        service.scan().doWork();
        assertEquals(1, checks.size());
        long logEnd = store.commitLog().maxOffset();
        await(() -> store.dispatchedOffset() >= logEnd, "op records dispatched");
        assertEquals(List.of(TransactionTimeline.Kind.HALF_STORED, TransactionTimeline.Kind.CHECK_SENT,
                TransactionTimeline.Kind.CHECK_ANSWERED_UNKNOWN), service.timeline("UNIQ-1").events().stream()
                .map(TransactionTimeline.Event::kind).toList());
    }

    private static Properties propsOf(Path root) {
        Properties p = new Properties();
        p.setProperty("storePathRootDir", root.toString());
        p.setProperty("mapedFileSizeCommitLog", Integer.toString(256 * 1024));
        p.setProperty("mapedFileSizeConsumeQueue", Integer.toString(1000 * 20));
        p.setProperty("flushIntervalCommitLog", "10");
        return p;
    }

    @Test
    void resolvedTransactionsLeaveNothingToRescan() {
        List<PutResult> halves = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            halves.add(service.prepare(orderMessage("n" + i)).join());
        }
        for (PutResult half : halves) {
            assertEquals(Status.COMMITTED, end(half, EndTransactionRequest.COMMIT, GROUP).status());
        }
        await(() -> store.maxOffset(SystemTopics.TRANS_HALF_TOPIC, 0) == 300, "halves dispatched");
        service.scan().doWork();
        assertEquals(0, service.pendingCount());
        assertEquals(300L, progress.get(CheckScan.HALF_PROGRESS), "progress moved past every resolved transaction");
        assertNotNull(progress.get(CheckScan.OP_PROGRESS));
        assertFalse(service.scan().doWork() > 0 && service.pendingCount() > 0);
    }
}
