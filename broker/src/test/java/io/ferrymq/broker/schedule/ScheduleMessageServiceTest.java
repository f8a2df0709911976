package io.ferrymq.broker.schedule;

import io.ferrymq.store.StoreReads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.BrokerIdentity;
import io.ferrymq.broker.send.MessageWriter;
import io.ferrymq.broker.state.JsonFileStateStore;
import io.ferrymq.broker.topic.TopicConfigManager;
import io.ferrymq.broker.topic.TopicTable;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delay levels on a real store, with a clock moved by hand and "crashes" that lose the latest progress. */
class ScheduleMessageServiceTest {
    private static final String TOPIC = "Orders";
    private static final long START = 1_700_000_000_000L;
    private static final List<Duration> LEVELS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(10));

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
    private JsonFileStateStore<DelayOffsetTable> progress;

    @BeforeEach
    void open() throws IOException {
        Properties p = new Properties();
        p.setProperty("storePathRootDir", dir.resolve("store").toString());
        p.setProperty("mapedFileSizeCommitLog", Integer.toString(4 << 20));
        p.setProperty("mapedFileSizeConsumeQueue", Integer.toString(20 * 100_000));
        store = new MessageStore(StoreConfig.from(p), clock, System::nanoTime, ArrivalListener.NONE);
        store.start();
        TopicConfigManager topics = new TopicConfigManager(BrokerConfig.load(new Properties()).broker(),
                new JsonFileStateStore<>(dir.resolve("topics.json"), TopicTable.class), clock, LEVELS.size());
        writer = new MessageWriter(store, topics, LEVELS.size());
        progress = new JsonFileStateStore<>(dir.resolve("delayOffset.json"), DelayOffsetTable.class);
    }

    @AfterEach
    void close() throws IOException {
        store.shutdown();
    }

    private ScheduleMessageService service() throws IOException {
        ScheduleMessageService s = new ScheduleMessageService(store, writer, new BrokerIdentity("c", "b", 0,
                new InetSocketAddress("127.0.0.1", 10911)), progress, clock, LEVELS, 100);
        s.recover();
        return s;
    }

    private void send(String body, int level, String uniqKey, int reconsumeTimes) {
        MessageExt m = new MessageExt();
        m.setTopic(TOPIC);
        m.setQueueId(1);
        m.setBody(body.getBytes(StandardCharsets.UTF_8));
        m.setTags("TagD");
        m.putProperty(MessageConst.UNIQ_KEY, uniqKey);
        m.putProperty(MessageConst.DELAY, Integer.toString(level));
        m.setBornTimestamp(START - 5);
        m.setReconsumeTimes(reconsumeTimes);
        m.setBornHost(new InetSocketAddress("127.0.0.1", 5555));
        m.setStoreHost(new InetSocketAddress("127.0.0.1", 10911));
        assertEquals(PutStatus.PUT_OK, writer.put(m).join().status());
    }

    private void awaitDispatch() {
        StoreReads.awaitDispatch(store);
    }

    /** Every message of the real topic, body to its copies. */
    private Map<String, List<MessageExt>> delivered() {
        awaitDispatch();
        Map<String, List<MessageExt>> out = new HashMap<>();
        for (MessageExt m : StoreReads.readQueue(store, TOPIC, 1)) {
            out.computeIfAbsent(new String(m.getBody(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(m);
        }
        return out;
    }

    private int roundAt(ScheduleMessageService s, long millis) {
        now.set(millis);
        awaitDispatch();
        return s.doWork();
    }

    private static void assertEachOnce(Map<String, List<MessageExt>> got) {
        got.forEach((body, copies) -> assertEquals(1, copies.size(), body + " delivered " + copies.size() + " times"));
    }

    @Test
    void deliversAtTheLevelsTimeWithoutTheDelay() throws IOException {
        ScheduleMessageService s = service();
        send("a", 2, "U-a", 0);
        roundAt(s, START + 4_999);
        assertTrue(delivered().isEmpty());
        roundAt(s, START + 5_000);
        MessageExt a = delivered().get("a").get(0);
        assertEquals(TOPIC, a.getTopic());
        assertEquals("U-a", a.getUniqKey());
        assertNull(a.getProperty(MessageConst.DELAY));
        assertEquals(Map.of(1, 0L, 2, 1L, 3, 0L), s.offsetTable());
        assertEquals(1, store.maxOffset(SystemTopics.SCHEDULE_TOPIC, 1));
    }

    @Test
    void aRestartWithProgressSavedBeforeTheDeliveriesDeliversNothingTwice() throws IOException {
        ScheduleMessageService first = service();
        for (int i = 0; i < 6; i++) {
            send("s" + i, 1, "U-s" + i, 0);
            send("l" + i, 3, "U-l" + i, 0);
        }
        // a message retried twice: same unique key, one more reconsume each time
        send("retry-1", 1, "U-retry", 1);
        roundAt(first, START + 10);
        first.persist(); // the last save before the "crash": nothing delivered yet
        roundAt(first, START + 1_000); // delivers s0..s5 and retry-1, never saved
        assertEquals(7, delivered().size());
        send("retry-2", 1, "U-retry", 2); // sent back again just before the crash, not delivered yet

        ScheduleMessageService second = service(); // recovers from the stale save
        roundAt(second, START + 2_000);
        Map<String, List<MessageExt>> got = delivered();
        assertEachOnce(got);
        assertEquals(8, got.size(), "retry-2 is a second delivery of the same message, not a duplicate");
        roundAt(second, START + 10_000);
        got = delivered();
        assertEquals(14, got.size());
        assertEachOnce(got);
    }

    @Test
    void aCleanRestartResumesFromTheSavedProgress() throws IOException {
        ScheduleMessageService first = service();
        send("early", 1, "U-early", 0);
        send("late", 2, "U-late", 0);
        roundAt(first, START + 1_000);
        first.persist();
        assertEquals(1L, progress.load().getOffsetTable().get(1));

        ScheduleMessageService second = service();
        roundAt(second, START + 5_000);
        Map<String, List<MessageExt>> got = delivered();
        assertEquals(2, got.size());
        assertEachOnce(got);
    }
}
