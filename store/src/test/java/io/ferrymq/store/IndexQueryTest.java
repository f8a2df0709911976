package io.ferrymq.store;

import static io.ferrymq.store.StoreTestSupport.await;
import static io.ferrymq.store.StoreTestSupport.config;
import static io.ferrymq.store.StoreTestSupport.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.store.StoreTestSupport.ManualClock;
import io.ferrymq.store.commitlog.PutResult;
import io.ferrymq.store.commitlog.PutStatus;
import io.ferrymq.store.dispatch.ArrivalListener;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexQueryTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    private final ManualClock clock = new ManualClock();
    private MessageStore store;

    @AfterEach
    void shutdown() throws IOException {
        if (store != null) {
            store.shutdown();
        }
    }

    private void open(Properties extra) throws IOException {
        store = new MessageStore(config(root, "ASYNC_FLUSH", extra), clock, System::nanoTime, ArrivalListener.NONE);
        store.start();
    }

    private PutResult put(String topic, String keys, String uniqKey, String body) {
        MessageExt m = message(topic, 0, "TagA", body);
        m.setKeys(keys);
        if (uniqKey != null) {
            m.putProperty(MessageConst.UNIQ_KEY, uniqKey);
        }
        PutResult r = store.putMessage(m).join();
        assertEquals(PutStatus.PUT_OK, r.status());
        return r;
    }

    private void awaitDispatched() {
        await(() -> store.dispatchedOffset() == store.commitLog().maxOffset(), WAIT, "dispatch");
    }

    private List<String> bodies(String topic, String key, long begin, long end) {
        List<String> bodies = new ArrayList<>();
        try (QueryResult r = store.queryMessage(topic, key, 64, begin, end)) {
            for (ByteBuffer b : r.messages()) {
                assertEquals(MessageRecord.totalSize(b, 0), b.limit());
                byte[] body = new byte[MessageRecord.bodyLength(b, 0)];
                b.get(MessageRecord.bodyPosition(b, 0), body);
                bodies.add(new String(body, StandardCharsets.UTF_8));
            }
        }
        return bodies;
    }

    @Test
    void findsMessagesByEachKeyAndByUniqueKeyWithinTheTimeRange() throws IOException {
        open(new Properties());
        long t0 = clock.millis();
        put("TopicA", "order-1 customer-7", "UNIQ-1", "first");
        clock.millis.addAndGet(60_000);
        put("TopicA", "order-2 customer-7", "UNIQ-2", "second");
        put("TopicB", "order-1", "UNIQ-3", "other topic");
        awaitDispatched();

        assertEquals(List.of("first"), bodies("TopicA", "order-1", 0, Long.MAX_VALUE));
        assertEquals(List.of("other topic"), bodies("TopicB", "order-1", 0, Long.MAX_VALUE));
        assertEquals(List.of("second", "first"), bodies("TopicA", "customer-7", 0, Long.MAX_VALUE));
        assertEquals(List.of("second"), bodies("TopicA", "UNIQ-2", 0, Long.MAX_VALUE));
        assertEquals(List.of("first"), bodies("TopicA", "customer-7", t0, t0 + 1_000));
        assertEquals(List.of("second"), bodies("TopicA", "customer-7", t0 + 1_000, Long.MAX_VALUE));
        assertEquals(List.of(), bodies("TopicA", "UNIQ-3", 0, Long.MAX_VALUE));
        assertEquals(List.of(), bodies("TopicA", "order", 0, Long.MAX_VALUE));
        try (QueryResult r = store.queryMessage("TopicA", "customer-7", 1, 0, Long.MAX_VALUE)) {
            assertEquals(1, r.messageCount());
            assertEquals(store.dispatchedOffset(), r.indexLastUpdatePhyoffset());
        }
    }

    @Test
    void manyCollidingKeysAcrossRolledIndexFilesStayExactAndSurviveRestart() throws IOException {
        Properties small = new Properties();
        small.setProperty("maxHashSlotNum", "4");
        small.setProperty("maxIndexNum", "50");
        open(small);
        for (int i = 0; i < 300; i++) {
            put("TopicA", "k" + i + " group-" + (i % 3), null, "body-" + i);
        }
        awaitDispatched();
        assertTrue(indexFiles() > 5, "index files rolled");
        for (int i = 0; i < 300; i += 17) {
            assertEquals(List.of("body-" + i), bodies("TopicA", "k" + i, 0, Long.MAX_VALUE));
        }
        assertEquals(64, bodies("TopicA", "group-1", 0, Long.MAX_VALUE).size());

        store.shutdown();
        store = null;
        open(small);
        for (int i = 1; i < 300; i += 23) {
            assertEquals(List.of("body-" + i), bodies("TopicA", "k" + i, 0, Long.MAX_VALUE));
        }
        put("TopicA", "k5", null, "body-5-again");
        awaitDispatched();
        assertEquals(List.of("body-5-again", "body-5"), bodies("TopicA", "k5", 0, Long.MAX_VALUE));
    }

    @Test
    void entriesPastTheCheckpointAreDroppedAndRebuiltWithoutDuplicates() throws IOException {
        open(new Properties());
        for (int i = 0; i < 40; i++) {
            put("TopicA", "same", null, "body-" + i);
        }
        awaitDispatched();
        store.shutdown();
        store = null;
        // as after a crash: the checkpoint says nothing was dispatched, the index files say otherwise
        Files.delete(root.resolve("checkpoint"));
        open(new Properties());
        awaitDispatched();
        List<String> found = bodies("TopicA", "same", 0, Long.MAX_VALUE);
        assertEquals(40, found.size());
        assertEquals("body-39", found.get(0));
        assertEquals(40, found.stream().distinct().count());
    }

    @Test
    void anIndexDeletedByHandIsRebuiltFromTheLog() throws IOException {
        open(new Properties());
        PutResult r = put("TopicA", "lost", "U-1", "kept");
        awaitDispatched();
        store.shutdown();
        store = null;
        try (Stream<Path> files = Files.list(root.resolve("index"))) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        open(new Properties());
        assertEquals(List.of("kept"), bodies("TopicA", "U-1", 0, Long.MAX_VALUE));
        try (QueryResult q = store.queryMessage("TopicA", "lost", 8, 0, Long.MAX_VALUE)) {
            assertEquals(List.of(r.physicalOffset()), q.physicalOffsets());
            ByteBuffer b = q.messages().get(0);
            int at = MessageRecord.propertiesLengthPosition(b, 0);
            assertEquals("lost", MessageProperties.decode(b, at + 2, b.getShort(at)).get(MessageConst.KEYS));
        }
    }

    private long indexFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve("index"))) {
            return files.count();
        }
    }
}
