package io.ferrymq.transaction;

import io.ferrymq.store.StoreReads;
import static io.ferrymq.store.StoreReads.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.commitlog.PutResult;
import io.ferrymq.store.commitlog.PutStatus;
import io.ferrymq.store.config.StoreConfig;
import io.ferrymq.store.dispatch.ArrivalListener;
import io.ferrymq.transaction.EndTransactionResult.Status;
import io.ferrymq.transaction.PendingTransaction.State;
import io.ferrymq.transaction.TransactionService.Action;
import io.ferrymq.transaction.TransactionTimeline.Kind;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stuck transactions resolved by hand, their timeline and counters, and what keeps them (and old
 * pending ones) from being lost to retention — against a real store, clock and scan moved by hand.
 */
class StuckTransactionTest {
    private static final InetSocketAddress BROKER = new InetSocketAddress("127.0.0.1", 10911);
    private static final InetSocketAddress PRODUCER = new InetSocketAddress("192.168.1.10", 54321);
    private static final String PRODUCER_ADDRESS = "192.168.1.10:54321";
    private static final Actor ADMIN = Actor.admin("10.0.0.7:40000", "order 17 confirmed by phone");
    private static final String GROUP = "tx-group";
    private static final String TOPIC = "OrderCreated";
    private static final int CHECK_MAX = 2;
    private static final long TIMEOUT = 6_000;
    private static final long INTERVAL = 30_000;

    @TempDir
    Path root;
    private final TransactionServiceTest.ManualClock clock = new TransactionServiceTest.ManualClock();
    private final Map<String, Long> progress = new ConcurrentHashMap<>();
    private final List<MessageExt> checks = new CopyOnWriteArrayList<>();
    private volatile boolean producerOnline = true;
    private MessageStore store;
    private TransactionService service;

    @BeforeEach
    void open() throws IOException {
        openStore();
        service = newService();
    }

    private void openStore() throws IOException {
        Properties p = new Properties();
        p.setProperty("storePathRootDir", root.toString());
        p.setProperty("mapedFileSizeCommitLog", Integer.toString(256 * 1024));
        p.setProperty("mapedFileSizeConsumeQueue", Integer.toString(1000 * 20));
        p.setProperty("flushIntervalCommitLog", "10");
        p.setProperty("fileReservedTime", "1");
        store = new MessageStore(StoreConfig.from(p), clock, System::nanoTime, ArrivalListener.NONE);
        store.start();
    }

    private TransactionService newService() {
        TransactionService s = new TransactionService(new TransactionConfig(TIMEOUT, INTERVAL, CHECK_MAX, 10, 1000),
                store, store::putMessage, (group, bornHost, check) -> {
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

    private void restart() throws IOException {
        store.shutdown();
        openStore();
        service = newService();
        service.scan().doWork();
    }

    @AfterEach
    void close() throws IOException {
        store.shutdown();
    }

    private static MessageExt orderMessage(String id) {
        MessageExt m = new MessageExt();
        m.setTopic(TOPIC);
        m.setQueueId(1);
        m.setTags("created");
        m.setKeys("order-" + id);
        m.putProperty(MessageConst.UNIQ_KEY, "UNIQ-" + id);
        m.putProperty(MessageConst.TRAN_MSG, "true");
        m.putProperty(MessageConst.PGROUP, GROUP);
        m.setBody(("order " + id).getBytes(StandardCharsets.UTF_8));
        m.setSysFlag(MessageSysFlag.TRANSACTION_PREPARED_TYPE);
        m.setBornHost(PRODUCER);
        m.setStoreHost(BROKER);
        m.setBornTimestamp(clockNow());
        return m;
    }

    private static long clockNow() {
        return 1_700_000_000_000L;
    }

    private PutResult prepare(String id) {
        PutResult put = service.prepare(orderMessage(id)).join();
        assertEquals(PutStatus.PUT_OK, put.status());
        await(() -> store.maxOffset(SystemTopics.TRANS_HALF_TOPIC, 0) > put.queueOffset(), "half dispatched");
        return put;
    }

    /** Prepares a transaction and lets its checks run out, every check answered UNKNOW. */
    private PutResult stuck(String id) {
        PutResult half = prepare(id);
        service.scan().doWork();
        clock.advance(TIMEOUT);
        for (int i = 0; i <= CHECK_MAX; i++) {
            service.scan().doWork();
            MessageExt check = checks.get(checks.size() - 1);
            if (check.getUniqKey().equals("UNIQ-" + id) && i < CHECK_MAX) {
                answer(check, EndTransactionRequest.UNKNOWN);
            }
            clock.advance(INTERVAL);
        }
        assertEquals(State.STUCK, view("UNIQ-" + id).state());
        return half;
    }

    private EndTransactionResult answer(MessageExt check, int state) {
        return service.endTransaction(new EndTransactionRequest(GROUP, check.getQueueOffset(),
                check.getCommitLogOffset(), state, true, check.getUniqKey(), PRODUCER_ADDRESS)).join();
    }

    private PendingTransaction.View view(String id) {
        return service.list(v -> v.transactionId().equals(id)).stream().findFirst().orElse(null);
    }

    private List<MessageExt> delivered(int atLeast) {
        await(() -> store.maxOffset(TOPIC, 1) >= atLeast, atLeast + " committed messages dispatched");
        return StoreReads.readQueue(store, TOPIC, 1);
    }


    @Test
    void stuckTransactionIsListedWithItsChecksAndCommittedByHandExactlyOnce() {
        PutResult half = stuck("1");
        PendingTransaction.View v = view("UNIQ-1");
        assertEquals(half.queueOffset(), v.root());
        assertEquals(CHECK_MAX, v.checks());
        assertEquals(PRODUCER_ADDRESS, v.lastCheckTarget());
        assertEquals("order-1", v.keys());
        assertEquals(TOPIC, v.topic());
        assertEquals(GROUP, v.producerGroup());
        assertTrue(v.ageMillis() >= TIMEOUT + CHECK_MAX * INTERVAL, "age by the broker's clock: " + v.ageMillis());
        assertEquals(0, store.maxOffset(TOPIC, 1), "nothing delivered while stuck");

        EndTransactionResult commit = service.resolve("UNIQ-1", Action.COMMIT, ADMIN).join();
        assertEquals(Status.COMMITTED, commit.status(), commit.detail());
        assertEquals(Status.ALREADY_RESOLVED, service.resolve("UNIQ-1", Action.COMMIT, ADMIN).join().status());
        assertEquals(Status.ALREADY_RESOLVED, service.resolve(Long.toString(half.queueOffset()), Action.ROLLBACK,
                ADMIN).join().status());
        MessageExt msg = delivered(1).get(0);
        assertEquals("UNIQ-1", msg.getUniqKey());
        assertEquals("order 1", new String(msg.getBody(), StandardCharsets.UTF_8));
        assertNull(msg.getProperty(MessageConst.TRAN_PREPARED_QUEUE_OFFSET), "no broker-internal property leaks");
        assertNull(msg.getProperty(StuckQueue.P_HALF_OFFSET));
        assertEquals(half.physicalOffset(), msg.getPreparedTransactionOffset());
        assertNull(view("UNIQ-1"));
        assertEquals(1, service.stats().manual());
        assertEquals(0, service.stats().stuck());
    }

    @Test
    void rollbackByHandIsNeverDeliveredAndUnknownIdsAreNotFound() {
        stuck("2");
        assertEquals(Status.NOT_FOUND, service.resolve("UNIQ-nope", Action.COMMIT, ADMIN).join().status());
        assertEquals(Status.NOT_FOUND, service.resolve("999", Action.COMMIT, ADMIN).join().status());
        assertEquals(Status.ROLLED_BACK, service.resolve("UNIQ-2", Action.ROLLBACK, ADMIN).join().status());
        assertEquals(Status.ALREADY_RESOLVED, service.resolve("UNIQ-2", Action.COMMIT, ADMIN).join().status());
        clock.advance(10 * INTERVAL);
        service.scan().doWork();
        assertEquals(0, store.maxOffset(TOPIC, 1));
        assertEquals(1, service.stats().rollbacks());
    }

    @Test
    void stuckSetAndResolutionsSurviveRestarts() throws IOException {
        stuck("a");
        stuck("b");
        restart();
        assertEquals(State.STUCK, view("UNIQ-a").state());
        assertEquals(CHECK_MAX, view("UNIQ-a").checks(), "check count kept in the copy");
        assertEquals(PRODUCER_ADDRESS, view("UNIQ-a").lastCheckTarget());
        assertEquals(State.STUCK, view("UNIQ-b").state());
        assertEquals(0, service.pendingCount(), "a stuck transaction is not checked again after a restart");
        assertEquals(Status.COMMITTED, service.resolve("UNIQ-a", Action.COMMIT, ADMIN).join().status());
        delivered(1);

        restart();
        assertNull(view("UNIQ-a"), "resolved stays resolved");
        assertEquals(State.STUCK, view("UNIQ-b").state());
        assertEquals(Status.ALREADY_RESOLVED, service.resolve("UNIQ-a", Action.COMMIT, ADMIN).join().status());
        clock.advance(10 * INTERVAL);
        service.scan().doWork();
        assertEquals(1, store.maxOffset(TOPIC, 1), "delivered once");
    }

    @Test
    void aCommitStoredBeforeACrashIsNotStoredAgainWhenResolvedAgain() {
        PutResult half = stuck("c");
        // the committed message was stored, then the broker died before recording the resolution
        MessageExt stored = QueueReader.readAt(store, half.physicalOffset());
        assertEquals(PutStatus.PUT_OK, store.putMessage(HalfMessages.toCommitted(stored)).join().status());
        EndTransactionResult again = service.resolve("UNIQ-c", Action.COMMIT, ADMIN).join();
        assertEquals(Status.ALREADY_RESOLVED, again.status(), again.detail());
        assertNull(view("UNIQ-c"));
        assertEquals(1, delivered(1).size());
    }

    @Test
    void aDelayedCommitParkedBeforeACrashIsNotStoredAgainWhenResolvedAgain() {
        PutResult half = stuck("p");
        // the committed message, with delay level 2, was parked in SCHEDULE_TOPIC_XXXX as the broker's writer
        // does; then the broker died before recording the resolution
        MessageExt parked = HalfMessages.toCommitted(QueueReader.readAt(store, half.physicalOffset()));
        parked.putProperty(MessageConst.DELAY, "2");
        parked.putProperty(MessageConst.REAL_TOPIC, parked.getTopic());
        parked.putProperty(MessageConst.REAL_QID, Integer.toString(parked.getQueueId()));
        parked.setTopic(SystemTopics.SCHEDULE_TOPIC);
        parked.setQueueId(1);
        assertEquals(PutStatus.PUT_OK, store.putMessage(parked).join().status());
        EndTransactionResult again = service.resolve("UNIQ-p", Action.COMMIT, ADMIN).join();
        assertEquals(Status.ALREADY_RESOLVED, again.status(), again.detail());
        assertTrue(again.detail().contains(SystemTopics.SCHEDULE_TOPIC), again.detail());
        assertNull(view("UNIQ-p"));
        long logEnd = store.commitLog().maxOffset();
        await(() -> store.dispatchedOffset() >= logEnd, "the resolution dispatched");
        assertEquals(0, store.maxOffset(TOPIC, 1), "not stored again: the parked copy is delivered at its time");
        assertEquals(1, store.maxOffset(SystemTopics.SCHEDULE_TOPIC, 1));
    }

    @Test
    void checkAgainContinuesTheTransactionAtOnceWithItsCountCleared() {
        PutResult half = stuck("d");
        int before = checks.size();
        EndTransactionResult result = service.resolve("UNIQ-d", Action.CHECK, ADMIN).join();
        assertEquals(Status.CHECKING_AGAIN, result.status(), result.detail());
        await(() -> store.maxOffset(SystemTopics.TRANS_HALF_TOPIC, 0) > half.queueOffset() + 1, "new half");
        service.scan().doWork();
        service.scan().doWork();
        assertEquals(before + 1, checks.size(), "checked at once, without waiting for the timeout");
        MessageExt check = checks.get(checks.size() - 1);
        assertEquals("1", check.getProperty(MessageConst.TRANSACTION_CHECK_TIMES));
        assertNotEquals(half.queueOffset(), check.getQueueOffset(), "continues under a new root");
        assertEquals(State.PENDING, view("UNIQ-d").state());
        assertEquals(Status.ALREADY_RESOLVED, service.resolve(Long.toString(half.queueOffset()), Action.CHECK,
                ADMIN).join().status());

        assertEquals(Status.COMMITTED, answer(check, EndTransactionRequest.COMMIT).status());
        assertEquals(1, delivered(1).size());
        assertEquals(Status.ALREADY_RESOLVED, answer(check, EndTransactionRequest.COMMIT).status());
    }

    @Test
    void aLateProducerDecisionResolvesAStuckTransaction() {
        stuck("e");
        MessageExt firstCheck = checks.get(0);
        assertEquals(Status.COMMITTED, answer(firstCheck, EndTransactionRequest.COMMIT).status());
        assertNull(view("UNIQ-e"));
        assertEquals(1, delivered(1).size());
        assertEquals(Status.ALREADY_RESOLVED, service.resolve("UNIQ-e", Action.ROLLBACK, ADMIN).join().status());
    }

    @Test
    void timelineShowsChecksAnswersStuckAndTheManualCommitFromTheStore() throws IOException {
        PutResult half = stuck("t");
        assertEquals(Status.COMMITTED, service.resolve("UNIQ-t", Action.COMMIT, ADMIN).join().status());
        delivered(1);
        restart();

        TransactionTimeline timeline = service.timeline("UNIQ-t");
        assertNotNull(timeline);
        assertEquals("COMMITTED", timeline.state());
        assertEquals(TOPIC, timeline.topic());
        assertEquals(GROUP, timeline.producerGroup());
        List<Kind> kinds = timeline.events().stream().map(TransactionTimeline.Event::kind).toList();
        assertEquals(List.of(Kind.HALF_STORED, Kind.CHECK_SENT, Kind.CHECK_ANSWERED_UNKNOWN, Kind.CHECK_SENT,
                Kind.CHECK_ANSWERED_UNKNOWN, Kind.STUCK, Kind.COMMITTED), kinds);
        TransactionTimeline.Event check = timeline.events().get(1);
        assertEquals(PRODUCER_ADDRESS, check.who());
        assertEquals(half.queueOffset(), check.root());
        TransactionTimeline.Event commit = timeline.events().get(6);
        assertEquals("ADMIN", commit.by());
        assertEquals("10.0.0.7:40000", commit.who());
        assertEquals("order 17 confirmed by phone", commit.reason());
        assertEquals(1, timeline.delivered().size());
        TransactionTimeline.Delivery landed = timeline.delivered().get(0);
        assertEquals(TOPIC, landed.topic());
        assertEquals(1, landed.queueId());
        assertEquals(0, landed.queueOffset());
        assertNotNull(landed.offsetMsgId());

        assertEquals(1, service.timelinesByKey(TOPIC, "order-t").size());
        assertTrue(service.timelinesByKey("OtherTopic", "order-t").isEmpty());
        assertNull(service.timeline("UNIQ-none"));
    }

    @Test
    void producerCommitIsAttributedInTheTimeline() {
        PutResult half = prepare("p");
        assertEquals(Status.COMMITTED, service.endTransaction(new EndTransactionRequest(GROUP, half.queueOffset(),
                half.physicalOffset(), EndTransactionRequest.COMMIT, false, null, PRODUCER_ADDRESS)).join().status());
        service.scan().doWork();
        TransactionTimeline timeline = service.timeline("UNIQ-p");
        TransactionTimeline.Event last = timeline.events().get(timeline.events().size() - 1);
        assertEquals(Kind.COMMITTED, last.kind());
        assertEquals("PRODUCER", last.by());
        assertEquals(PRODUCER_ADDRESS, last.who());
        assertEquals(1, service.stats().commits());
        assertEquals(1, service.stats().halves());
    }

    @Test
    void aPendingTransactionWhoseProducersAreGoneIsSetAsideBeforeRetentionCouldTakeIt() throws IOException {
        prepare("gone");
        producerOnline = false;
        clock.advance(TIMEOUT);
        service.scan().doWork();
        assertEquals(State.PENDING, view("UNIQ-gone").state());
        assertEquals(0, view("UNIQ-gone").checks(), "no producer: no check counted");
        clock.advance(31 * 60_000L); // past half of fileReservedTime (1 h)
        service.scan().doWork();
        assertEquals(State.STUCK, view("UNIQ-gone").state(), "set aside, not left pinning progress");
        assertEquals(1, service.stats().setAside());
        service.scan().doWork();
        long halfProgress = progress.get(CheckScan.HALF_PROGRESS);
        assertEquals(store.maxOffset(SystemTopics.TRANS_HALF_TOPIC, 0), halfProgress, "half progress moved on");

        long firstCopy = progress.get(CheckScan.STUCK_PROGRESS);
        clock.advance(31 * 60_000L);
        service.scan().doWork();
        await(() -> store.maxOffset(SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC, 0) > firstCopy + 1, "copy written again");
        service.scan().doWork();
        assertTrue(progress.get(CheckScan.STUCK_PROGRESS) > firstCopy, "stuck progress follows the new copy");

        restart();
        assertEquals(State.STUCK, view("UNIQ-gone").state(), "rebuilt from the newest copy alone");
        assertEquals(Status.COMMITTED, service.resolve("UNIQ-gone", Action.COMMIT, ADMIN).join().status());
        assertEquals("order gone", new String(delivered(1).get(0).getBody(), StandardCharsets.UTF_8));
    }

    @Test
    void checkAgainIsRefusedForPendingOnesWhichCanStillBeResolvedByHand() {
        prepare("q");
        service.scan().doWork();
        assertEquals(Status.NOT_STUCK, service.resolve("UNIQ-q", Action.CHECK, ADMIN).join().status());
        assertEquals(Status.ROLLED_BACK, service.resolve("UNIQ-q", Action.ROLLBACK, ADMIN).join().status());
        assertEquals(0, service.pendingCount());
    }
}
