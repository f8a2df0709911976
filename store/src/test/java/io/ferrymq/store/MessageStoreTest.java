package io.ferrymq.store;

import static io.ferrymq.store.StoreTestSupport.await;
import static io.ferrymq.store.StoreTestSupport.config;
import static io.ferrymq.store.StoreTestSupport.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.message.BlankRecord;
import io.ferrymq.common.message.MessageId;
import io.ferrymq.common.message.TagHash;
import io.ferrymq.store.StoreTestSupport.ManualClock;
import io.ferrymq.store.commitlog.PutResult;
import io.ferrymq.store.commitlog.PutStatus;
import io.ferrymq.store.config.StoreConfig;
import io.ferrymq.store.dispatch.ArrivalListener;
import io.ferrymq.store.file.MappedFile;
import io.ferrymq.store.file.SegmentSlice;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageStoreTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path root;

    private MessageStore store;
    private final ManualClock clock = new ManualClock();

    @AfterEach
    void shutdown() throws IOException {
        if (store != null) {
            store.shutdown();
        }
    }

    private MessageStore open(String flush) throws IOException {
        StoreConfig config = config(root, flush);
        store = new MessageStore(config, clock, System::nanoTime, ArrivalListener.NONE);
        store.start();
        return store;
    }

    private static String body(int i) {
        return "message-" + i + "-" + "x".repeat(900 + (i * 37) % 200);
    }

    /** Puts n messages alternating over queues 0 and 1 of TopicTest, tags TagA/TagB; returns results. */
    private List<PutResult> putAll(int from, int to) {
        List<CompletableFuture<PutResult>> futures = new ArrayList<>();
        for (int i = from; i < to; i++) {
            futures.add(store.putMessage(message("TopicTest", i % 2, i % 3 == 0 ? "TagA" : "TagB", body(i))));
        }
        List<PutResult> results = new ArrayList<>();
        for (CompletableFuture<PutResult> f : futures) {
            PutResult r = f.join();
            assertEquals(PutStatus.PUT_OK, r.status());
            results.add(r);
        }
        return results;
    }

    /** Reads the whole queue and checks every record with the official client's decoder. */
    private List<Integer> readQueue(int queueId, MessageFilter filter) {
        List<Integer> seen = new ArrayList<>();
        long offset = store.minOffset("TopicTest", queueId);
        while (true) {
            try (GetResult r = store.getMessages("TopicTest", queueId, offset, 32, 1 << 20, filter)) {
                if (r.status() == GetStatus.OFFSET_OVERFLOW_ONE) {
                    return seen;
                }
                for (int i = 0; i < r.messageCount(); i++) {
                    ByteBuffer record = r.messages().get(i);
                    org.apache.rocketmq.common.message.MessageExt m = MessageDecoder.decode(record.duplicate(), true, true);
                    assertNotNull(m, "official decoder rejected a record");
                    String text = new String(m.getBody(), StandardCharsets.UTF_8);
                    int index = Integer.parseInt(text.split("-")[1]);
                    assertEquals(body(index), text);
                    assertEquals("TopicTest", m.getTopic());
                    assertEquals(queueId, m.getQueueId());
                    assertEquals((long) r.queueOffsets().get(i), m.getQueueOffset());
                    assertEquals(clock.millis(), m.getStoreTimestamp());
                    assertEquals(MessageId.create(StoreTestSupport.STORE, m.getCommitLogOffset()), m.getMsgId());
                    seen.add(index);
                }
                offset = r.nextBeginOffset();
            }
        }
    }

    @Test
    void putsRollSegmentsAndReadBackThroughConsumeQueues() throws IOException {
        open("ASYNC_FLUSH");
        List<PutResult> results = putAll(0, 300);
        StoreReads.awaitDispatch(store);
        assertEquals(150, store.maxOffset("TopicTest", 0));
        assertEquals(150, store.maxOffset("TopicTest", 1));
        for (int i = 0; i < 300; i++) {
            assertEquals(i / 2, results.get(i).queueOffset());
        }
        List<Integer> q0 = readQueue(0, MessageFilter.ALL);
        assertEquals(150, q0.size());
        for (int k = 0; k < 150; k++) {
            assertEquals(2 * k, q0.get(k));
        }
        // records never span segments: every full segment ends with the filler
        List<MappedFile> segments = store.commitLog().files().segments();
        assertTrue(segments.size() >= 4, "segments: " + segments.size());
        for (PutResult r : results) {
            long segmentStart = r.physicalOffset() - r.physicalOffset() % (64 * 1024);
            assertTrue(r.physicalOffset() + r.bytes() <= segmentStart + 64 * 1024);
        }
        for (MappedFile mf : segments.subList(0, segments.size() - 1)) {
            long lastEnd = results.stream().filter(r -> r.physicalOffset() / (64 * 1024) == mf.fileFromOffset() / (64 * 1024))
                    .mapToLong(r -> r.physicalOffset() + r.bytes()).max().orElseThrow();
            int pos = (int) (lastEnd - mf.fileFromOffset());
            assertTrue(BlankRecord.isBlank(mf.buffer(), pos));
            assertEquals(64 * 1024 - pos, mf.buffer().getInt(pos));
        }
        try (SegmentSlice s = store.messageByPhysicalOffset(results.get(7).physicalOffset())) {
            assertEquals(body(7), new String(MessageDecoder.decode(s.buffer(), true, true).getBody(),
                    StandardCharsets.UTF_8));
        }
    }

    @Test
    void filtersByTagHashAndReportsOffsetStatuses() throws IOException {
        open("ASYNC_FLUSH");
        putAll(0, 60);
        StoreReads.awaitDispatch(store);
        List<Integer> tagA = readQueue(0, MessageFilter.ofTagHashes((int) TagHash.tagsCode("TagA")));
        assertEquals(List.of(0, 6, 12, 18, 24, 30, 36, 42, 48, 54), tagA);
        try (GetResult r = store.getMessages("TopicTest", 0, 31, 32, 1 << 20, MessageFilter.ALL)) {
            assertEquals(GetStatus.OFFSET_OVERFLOW_BADLY, r.status());
        }
        try (GetResult r = store.getMessages("Nope", 0, 0, 32, 1 << 20, MessageFilter.ALL)) {
            assertEquals(GetStatus.NO_MATCHED_LOGIC_QUEUE, r.status());
        }
        try (GetResult r = store.getMessages("TopicTest", 0, 0, 4, 1 << 20, MessageFilter.ALL)) {
            assertEquals(GetStatus.FOUND, r.status());
            assertEquals(4, r.messageCount());
            assertEquals(4, r.nextBeginOffset());
        }
        try (GetResult r = store.getMessages("TopicTest", 0, 0, 32, 1500, MessageFilter.ALL)) {
            assertEquals(1, r.messageCount()); // at least one, then the byte budget stops
        }
        try (GetResult r = store.getMessages("TopicTest", 0, 1, 32, 1 << 20, MessageFilter.ofTagHashes(42))) {
            assertEquals(GetStatus.NO_MATCHED_MESSAGE, r.status());
            assertEquals(30, r.nextBeginOffset());
        }
    }

    /** A filter over the stored record: body index divisible by 5 (the tags code alone cannot tell). */
    private static final class EveryFifth implements MessageFilter {
        int recordsAsked;

        @Override
        public boolean matches(long tagsCode) {
            return true;
        }

        @Override
        public boolean needsRecord() {
            return true;
        }

        @Override
        public boolean matchesRecord(ByteBuffer record) {
            recordsAsked++;
            org.apache.rocketmq.common.message.MessageExt m = MessageDecoder.decode(record.duplicate(), true, false);
            String text = new String(m.getBody(), StandardCharsets.UTF_8);
            return Integer.parseInt(text.split("-")[1]) % 5 == 0;
        }
    }

    @Test
    void recordFiltersSkipNonMatchingMessagesAndStillMoveTheNextOffset() throws IOException {
        open("ASYNC_FLUSH");
        putAll(0, 60);
        StoreReads.awaitDispatch(store);
        EveryFifth filter = new EveryFifth();
        assertEquals(List.of(0, 10, 20, 30, 40, 50), readQueue(0, filter));
        assertEquals(30, filter.recordsAsked, "each unit's record read once");
        try (GetResult r = store.getMessages("TopicTest", 0, 1, 1, 1 << 20, new EveryFifth())) {
            // offsets 1..4 hold bodies 2, 4, 6, 8: none matches; offset 5 holds 10
            assertEquals(GetStatus.FOUND, r.status());
            assertEquals(List.of(5L), r.queueOffsets());
            assertEquals(6, r.nextBeginOffset());
        }
        try (GetResult r = store.getMessages("TopicTest", 0, 26, 32, 1 << 20, new EveryFifth())) {
            assertEquals(GetStatus.NO_MATCHED_MESSAGE, r.status());
            assertEquals(30, r.nextBeginOffset(), "moved past every non-matching message");
        }
    }

    @Test
    void concurrentProducersAndAppendsQueuedFromCompletionsAllLandOnceInOrder() throws Exception {
        open("ASYNC_FLUSH");
        int threads = 8;
        int perThread = 150;
        List<PutResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<PutResult>> chained = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    int index = id * perThread + i;
                    // like a commit and its op record: the second append is queued by the first one's completion
                    CompletableFuture<PutResult> second = store.putMessage(message("TopicTest", 0, "TagA", body(index)))
                            .thenCompose(first -> {
                                results.add(first);
                                return store.putMessage(message("TopicTest", 1, "TagB", body(index + 100_000)));
                            });
                    chained.add(second);
                    if (i % 10 == 0) {
                        second.join();
                    }
                }
            }, "producer-" + t);
            producers.add(th);
            th.start();
        }
        for (Thread th : producers) {
            th.join(WAIT.toMillis());
            assertFalse(th.isAlive(), th.getName() + " still running");
        }
        for (CompletableFuture<PutResult> f : chained) {
            results.add(f.get(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
        }
        int total = 2 * threads * perThread;
        assertEquals(total, results.size());
        results.sort(Comparator.comparingLong(PutResult::physicalOffset));
        long end = -1;
        java.util.Set<String> queueSlots = new java.util.HashSet<>();
        for (PutResult r : results) {
            assertEquals(PutStatus.PUT_OK, r.status());
            assertTrue(r.physicalOffset() >= end, "records overlap at " + r.physicalOffset());
            end = r.physicalOffset() + r.bytes();
            assertTrue(queueSlots.add(r.physicalOffset() + ":" + r.queueOffset()));
        }
        StoreReads.awaitDispatch(store);
        assertEquals(threads * perThread, store.maxOffset("TopicTest", 0));
        assertEquals(threads * perThread, store.maxOffset("TopicTest", 1));
        assertEquals(threads * perThread, readQueue(0, MessageFilter.ALL).size());
        assertEquals(threads * perThread, readQueue(1, MessageFilter.ALL).size());
    }

    @Test
    void syncFlushSharesFsyncsAcrossConcurrentProducers() throws Exception {
        open("SYNC_FLUSH");
        int threads = 8;
        int perThread = 100;
        List<Thread> producers = new ArrayList<>();
        List<PutResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread th = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    results.add(store.putMessage(message("TopicTest", id % 4, "TagA", body(id * perThread + i))).join());
                }
            });
            producers.add(th);
            th.start();
        }
        for (Thread th : producers) {
            th.join(WAIT.toMillis());
        }
        assertEquals(threads * perThread, results.size());
        long maxEnd = 0;
        for (PutResult r : results) {
            assertEquals(PutStatus.PUT_OK, r.status());
            maxEnd = Math.max(maxEnd, r.physicalOffset() + r.bytes());
        }
        assertTrue(store.commitLog().flushedOffset() >= maxEnd);
        StoreReads.awaitDispatch(store);
        long total = 0;
        for (int q = 0; q < 4; q++) {
            total += store.maxOffset("TopicTest", q);
        }
        assertEquals(threads * perThread, total);
    }

    @Test
    void restartContinuesOffsetsAndFindsOffsetsByTime() throws IOException {
        open("ASYNC_FLUSH");
        putAll(0, 40);
        long t1 = clock.millis();
        clock.millis.addAndGet(60_000);
        putAll(40, 80);
        store.shutdown();
        assertFalse(Files.exists(root.resolve("abort")));
        open("ASYNC_FLUSH");
        assertEquals(40, store.maxOffset("TopicTest", 0));
        assertEquals(20, store.offsetByTime("TopicTest", 0, t1 + 1));
        assertEquals(0, store.offsetByTime("TopicTest", 0, t1));
        assertEquals(40, store.offsetByTime("TopicTest", 0, clock.millis() + 1));
        assertEquals(t1, store.earliestMessageTime("TopicTest", 0));
        List<PutResult> more = putAll(80, 82);
        assertEquals(40, more.get(0).queueOffset());
        assertEquals(40, more.get(1).queueOffset());
    }

    @Test
    void tornTailIsCutAndEverythingBeforeItSurvives() throws IOException {
        open("ASYNC_FLUSH");
        List<PutResult> results = putAll(0, 100);
        StoreReads.awaitDispatch(store);
        store.shutdown();
        store = null;
        // a crash mid-write: the last record is half there, checkpoint older than the tail
        PutResult last = results.get(99);
        tear(last.physicalOffset() + last.bytes() / 2, last.bytes() - last.bytes() / 2);
        Files.delete(root.resolve("checkpoint"));
        Files.write(root.resolve("abort"), new byte[0]);
        open("ASYNC_FLUSH");
        assertEquals(last.physicalOffset(), store.commitLog().maxOffset());
        assertEquals(50, store.maxOffset("TopicTest", 0));
        assertEquals(49, store.maxOffset("TopicTest", 1));
        assertEquals(49, readQueue(1, MessageFilter.ALL).size());
        List<PutResult> again = putAll(100, 102);
        assertEquals(last.physicalOffset(), again.get(0).physicalOffset());
        assertEquals(49, again.get(1).queueOffset());
    }

    @Test
    void aCorruptRecordInTheMiddleStopsRecoveryThere() throws IOException {
        open("ASYNC_FLUSH");
        List<PutResult> results = putAll(0, 100);
        StoreReads.awaitDispatch(store);
        store.shutdown();
        store = null;
        PutResult bad = results.get(30);
        // flip body bytes: the CRC no longer matches
        tear(bad.physicalOffset() + bad.bytes() - 200, 16);
        Files.delete(root.resolve("checkpoint"));
        open("ASYNC_FLUSH");
        assertEquals(bad.physicalOffset(), store.commitLog().maxOffset());
        assertEquals(15, store.maxOffset("TopicTest", 0));
        assertEquals(15, readQueue(0, MessageFilter.ALL).size());
        assertEquals(15, store.maxOffset("TopicTest", 1));
    }

    @Test
    void consumeQueuesDeletedByHandAreRebuiltFromTheLog() throws IOException {
        open("ASYNC_FLUSH");
        putAll(0, 120);
        StoreReads.awaitDispatch(store);
        store.shutdown();
        store = null;
        try (Stream<Path> walk = Files.walk(root.resolve("consumequeue"))) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        open("ASYNC_FLUSH");
        assertEquals(60, store.maxOffset("TopicTest", 0));
        assertEquals(60, readQueue(1, MessageFilter.ALL).size());
    }

    @Test
    void aSingleConsumeQueueDeletedByHandIsRebuiltFromTheLog() throws IOException {
        open("ASYNC_FLUSH");
        putAll(0, 120);
        StoreReads.awaitDispatch(store);
        List<Integer> before = readQueue(1, MessageFilter.ALL);
        store.shutdown();
        store = null;
        try (Stream<Path> walk = Files.walk(root.resolve("consumequeue").resolve("TopicTest").resolve("1"))) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        open("ASYNC_FLUSH");
        assertEquals(60, store.maxOffset("TopicTest", 1));
        assertEquals(before, readQueue(1, MessageFilter.ALL));
        assertEquals(60, readQueue(0, MessageFilter.ALL).size());
    }

    @Test
    void aConsumeQueueThatLostAMiddleSegmentIsSetAsideAndRebuilt() throws IOException {
        open("ASYNC_FLUSH");
        putAll(0, 500); // 250 units in queue 1: three segments of 100
        StoreReads.awaitDispatch(store);
        List<Integer> before = readQueue(1, MessageFilter.ALL);
        store.shutdown();
        store = null;
        Path queue1 = root.resolve("consumequeue").resolve("TopicTest").resolve("1");
        Files.delete(queue1.resolve(MappedFile.fileName(100 * 20)));
        open("ASYNC_FLUSH");
        assertEquals(250, store.maxOffset("TopicTest", 1));
        assertEquals(before, readQueue(1, MessageFilter.ALL));
        assertEquals(250, readQueue(0, MessageFilter.ALL).size());
        try (Stream<Path> aside = Files.list(root.resolve("consumequeue.damaged").resolve("TopicTest"))) {
            assertEquals(1, aside.count(), "the damaged queue is kept aside for inspection");
        }
    }

    @Test
    void retentionDeletesOldSegmentsAndMovesMinOffsets() throws IOException {
        open("ASYNC_FLUSH");
        List<PutResult> results = putAll(0, 300);
        StoreReads.awaitDispatch(store);
        List<MappedFile> segments = store.commitLog().files().segments();
        assertTrue(segments.size() >= 4);
        long old = clock.millis() - Duration.ofHours(73).toMillis();
        for (MappedFile mf : segments.subList(0, 2)) {
            Files.setLastModifiedTime(mf.path(), java.nio.file.attribute.FileTime.fromMillis(old));
        }
        assertEquals(2, store.deleteExpiredFiles(false));
        long newMin = segments.get(2).fileFromOffset();
        assertEquals(newMin, store.commitLog().minOffset());
        long firstKept = results.stream().filter(r -> r.physicalOffset() >= newMin && r.queueOffset() >= 0)
                .filter(r -> results.indexOf(r) % 2 == 0).mapToLong(PutResult::queueOffset).min().orElseThrow();
        await(() -> store.minOffset("TopicTest", 0) == firstKept, WAIT, "consume queue min offset");
        try (GetResult r = store.getMessages("TopicTest", 0, 0, 32, 1 << 20, MessageFilter.ALL)) {
            assertEquals(GetStatus.OFFSET_TOO_SMALL, r.status());
            assertEquals(firstKept, r.nextBeginOffset());
        }
        assertEquals(150 - firstKept, readQueue(0, MessageFilter.ALL).size());
        assertEquals(0, store.deleteExpiredFiles(false));
    }

    private void tear(long offset, int length) throws IOException {
        long segment = offset - offset % (64 * 1024);
        Path file = root.resolve("commitlog").resolve(MappedFile.fileName(segment));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            byte[] junk = new byte[length];
            for (int i = 0; i < length; i++) {
                junk[i] = (byte) (0x5A ^ i);
            }
            ch.write(ByteBuffer.wrap(junk), offset - segment);
        }
    }
}
