package io.ferrymq.broker.timer;

import io.ferrymq.store.StoreReads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.BrokerIdentity;
import io.ferrymq.broker.schedule.ParkedRedelivery;
import io.ferrymq.broker.send.MessageWriter;
import io.ferrymq.broker.state.JsonFileStateStore;
import io.ferrymq.broker.topic.TopicConfigManager;
import io.ferrymq.broker.topic.TopicTable;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.UniqueIdGenerator;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.commitlog.PutStatus;
import io.ferrymq.store.config.StoreConfig;
import io.ferrymq.store.dispatch.ArrivalListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timer service on a real store, with a clock moved by hand. */
class TimerMessageServiceTest {
    private static final String TOPIC = "Orders";
    private static final long START = 1_700_000_000_000L;

    @TempDir
    Path dir;
    private final AtomicLong now = new AtomicLong(START);
    private final InstantSource clock = new InstantSource() {
        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }

        @Override
        public long millis() {
            return now.get();
        }
    };
    private MessageStore store;
    private MessageWriter writer;
    private ParkedRedelivery redelivery;
    private JsonFileStateStore<TimerProgress> progress;

    @BeforeEach
    void open() throws IOException {
        Properties p = new Properties();
        p.setProperty("storePathRootDir", dir.resolve("store").toString());
        p.setProperty("mapedFileSizeCommitLog", Integer.toString(4 << 20));
        p.setProperty("mapedFileSizeConsumeQueue", Integer.toString(20 * 100_000));
        store = new MessageStore(StoreConfig.from(p), clock, System::nanoTime, ArrivalListener.NONE);
        store.start();
        BrokerConfig config = BrokerConfig.load(new Properties()).broker();
        TopicConfigManager topics = new TopicConfigManager(config,
                new JsonFileStateStore<>(dir.resolve("topics.json"), TopicTable.class), clock, 18);
        writer = new MessageWriter(store, topics, 18, new TimerRewrite(true, Duration.ofDays(3), clock,
                UniqueIdGenerator.createDefault()));
        redelivery = new ParkedRedelivery(writer, new BrokerIdentity("c", "b", 0,
                new InetSocketAddress("127.0.0.1", 10911)));
        progress = new JsonFileStateStore<>(dir.resolve("timerProgress.json"), TimerProgress.class);
    }

    @AfterEach
    void close() throws IOException {
        store.shutdown();
    }

    private TimerMessageService service() throws IOException {
        TimerMessageService s = new TimerMessageService(store, redelivery, progress, clock, 100);
        s.recover();
        return s;
    }

    private void send(String body, String property, String value) {
        MessageExt m = new MessageExt();
        m.setTopic(TOPIC);
        m.setQueueId(1);
        m.setBody(body.getBytes(StandardCharsets.UTF_8));
        m.setTags("TagT");
        m.setKeys("key-" + body);
        m.putProperty(MessageConst.UNIQ_KEY, "U-" + body);
        m.putProperty("custom", "c-" + body);
        m.putProperty(property, value);
        m.setBornHost(new InetSocketAddress("127.0.0.1", 5555));
        m.setStoreHost(new InetSocketAddress("127.0.0.1", 10911));
        assertEquals(PutStatus.PUT_OK, writer.put(m).join().status());
    }

    private void awaitDispatch() {
        StoreReads.awaitDispatch(store);
    }

    /** Every message of the real topic, body to the decoded message. */
    private Map<String, List<MessageExt>> delivered() {
        awaitDispatch();
        Map<String, List<MessageExt>> out = new HashMap<>();
        for (MessageExt m : StoreReads.readQueue(store, TOPIC, 1)) {
            out.computeIfAbsent(new String(m.getBody(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(m);
        }
        return out;
    }

    private int roundAt(TimerMessageService s, long millis) {
        now.set(millis);
        awaitDispatch();
        return s.doWork();
    }

    @Test
    void deliversAtTheTimeNotBeforeWithEverythingIntact() throws IOException {
        TimerMessageService s = service();
        send("a", MessageConst.TIMER_DELAY_SEC, "3");
        send("b", MessageConst.TIMER_DELIVER_MS, Long.toString(START + 1500));
        roundAt(s, START + 1499);
        assertEquals(2, s.pendingCount());
        assertTrue(delivered().isEmpty());
        roundAt(s, START + 1500);
        assertEquals(List.of("b"), List.copyOf(delivered().keySet()));
        roundAt(s, START + 2999);
        assertEquals(1, delivered().size());
        roundAt(s, START + 3000);
        Map<String, List<MessageExt>> got = delivered();
        assertEquals(2, got.size());
        MessageExt a = got.get("a").get(0);
        assertEquals(TOPIC, a.getTopic());
        assertEquals(1, a.getQueueId());
        assertEquals("TagT", a.getTags());
        assertEquals("key-a", a.getKeys());
        assertEquals("U-a", a.getUniqKey());
        assertEquals("c-a", a.getProperty("custom"));
        assertEquals(Long.toString(START + 3000), a.getProperty(MessageConst.TIMER_OUT_MS));
        assertEquals(0, s.pendingCount());
    }

    @Test
    void aRestartWithProgressSavedBeforeTheDeliveriesDeliversNothingTwice() throws IOException {
        TimerMessageService first = service();
        for (int i = 0; i < 10; i++) {
            send("m" + i, MessageConst.TIMER_DELAY_MS, Long.toString(1000 + 1000L * i));
        }
        roundAt(first, START + 10);
        first.persist(); // the last save before the "crash": nothing delivered yet
        roundAt(first, START + 5_500); // delivers m0..m4, never saved
        assertEquals(5, delivered().size());

        TimerMessageService second = service(); // recovers from the stale save
        roundAt(second, START + 6_000);
        Map<String, List<MessageExt>> got = delivered();
        assertEquals(6, got.size(), "m5 is due now");
        got.forEach((body, copies) -> assertEquals(1, copies.size(), body + " delivered " + copies.size() + " times"));
        roundAt(second, START + 20_000);
        got = delivered();
        assertEquals(10, got.size());
        got.forEach((body, copies) -> assertEquals(1, copies.size(), body + " delivered " + copies.size() + " times"));
        assertEquals(0, second.pendingCount());
    }

    @Test
    void aCleanRestartResumesFromTheSavedProgressWithoutLookups() throws IOException {
        TimerMessageService first = service();
        send("early", MessageConst.TIMER_DELAY_SEC, "1");
        send("late", MessageConst.TIMER_DELAY_SEC, "100");
        roundAt(first, START + 1000);
        first.persist();
        TimerProgress saved = progress.load();
        assertEquals(1, saved.getScanFromOffset(), "the delivered timer at offset 0 need not be read again");
        assertEquals(2, saved.getIngestedOffset());
        assertEquals(START + 1001, saved.getDeliveredBeforeMs());

        TimerMessageService second = service();
        roundAt(second, START + 50_000);
        assertEquals(1, second.pendingCount());
        roundAt(second, START + 100_000);
        Map<String, List<MessageExt>> got = delivered();
        assertEquals(1, got.get("early").size());
        assertEquals(1, got.get("late").size());
    }

    @Test
    void manyTimersAreDeliveredInTimeOrderOnceEach() throws IOException {
        TimerMessageService s = service();
        Random random = new Random(42);
        int n = 5_000;
        long[] due = new long[n];
        for (int i = 0; i < n; i++) {
            due[i] = START + 1 + random.nextInt(600_000);
            send("t" + i, MessageConst.TIMER_DELIVER_MS, Long.toString(due[i]));
        }
        long began = System.nanoTime();
        int rounds = 0;
        for (long t = START; t <= START + 600_000; t += 1000) {
            roundAt(s, t);
            rounds++;
        }
        long elapsedMs = (System.nanoTime() - began) / 1_000_000;
        Map<String, List<MessageExt>> got = delivered();
        assertEquals(n, got.size());
        for (int i = 0; i < n; i++) {
            List<MessageExt> copies = got.get("t" + i);
            assertEquals(1, copies.size());
            assertTrue(copies.get(0).getStoreTimestamp() >= due[i], "t" + i + " delivered before its time");
            assertTrue(copies.get(0).getStoreTimestamp() < due[i] + 1000, "t" + i + " delivered late");
        }
        assertEquals(0, s.pendingCount());
        org.slf4j.LoggerFactory.getLogger(getClass()).info("{} timers over {} rounds delivered in {} ms", n, rounds,
                elapsedMs);
    }
}
