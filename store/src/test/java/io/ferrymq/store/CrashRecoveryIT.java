package io.ferrymq.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.message.BlankRecord;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.message.RecordStatus;
import io.ferrymq.store.file.MappedFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kill -9 while appending: a child JVM ({@link CrashAppender}) appends and reports each acknowledged
 * put; it is killed mid-write after {@value #ACKS} acknowledgements (or {@value #MAX_SECONDS} s); the
 * store is then recovered here and checked byte-for-byte.
 */
class CrashRecoveryIT {

    private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryIT.class);
    private static final int ACKS = 3000;
    private static final int MAX_SECONDS = 12;
    private static final int MIN_ACKS = 50;

    @TempDir
    Path dir;

    private record Ack(int queueId, long queueOffset, long physicalOffset, long crc, long seq) {
        static Ack parse(String line) {
            String[] f = line.split(" ");
            return new Ack(Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]),
                    Long.parseLong(f[5]));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SYNC_FLUSH", "ASYNC_FLUSH"})
    void everyAcknowledgedMessageSurvivesAKillAndNothingTornIsVisible(String flush) throws Exception {
        Path root = dir.resolve("store");
        List<Ack> acks = runAndKill(root, flush);
        assertTrue(acks.size() >= MIN_ACKS, "child acknowledged only " + acks.size() + " puts");
        LOG.info("{}: child killed after {} acknowledged puts", flush, acks.size());

        MessageStore store = new MessageStore(CrashAppender.config(root, flush));
        store.start();
        try {
            for (Ack ack : acks) {
                assertAcknowledgedReadable(store, ack);
            }
            Map<Integer, Long> maxAcked = new HashMap<>();
            acks.forEach(a -> maxAcked.merge(a.queueId(), a.queueOffset(), Math::max));
            for (int q = 0; q < CrashAppender.QUEUES; q++) {
                long readable = assertCleanPrefix(store, q);
                LOG.info("{}: queue {} recovered offsets 0..{} (highest acknowledged {})", flush, q, readable - 1,
                        maxAcked.get(q));
                assertTrue(readable > maxAcked.getOrDefault(q, -1L),
                        "queue " + q + " lost acknowledged offset " + maxAcked.get(q));
            }
            assertEveryLogRecordValid(store);
        } finally {
            store.shutdown();
        }
    }

    private List<Ack> runAndKill(Path root, String flush) throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashAppender.class.getName(), root.toString(), flush)
                .redirectError(dir.resolve("child-stderr.txt").toFile())
                .start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the pipe closes when the child dies
            }
        }, "crash-child-stdout");
        reader.start();
        List<Ack> acks = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_SECONDS);
        try {
            while (acks.size() < ACKS && System.nanoTime() - deadline < 0 && child.isAlive()) {
                String line = lines.poll(100, TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith("ACK ")) {
                    acks.add(Ack.parse(line));
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(20, TimeUnit.SECONDS), "child did not die");
            reader.join(TimeUnit.SECONDS.toMillis(20));
        }
        // lines still in the pipe when the child died were acknowledged too
        for (String line : lines) {
            if (line.startsWith("ACK ")) {
                acks.add(Ack.parse(line));
            }
        }
        return acks;
    }

    private static void assertAcknowledgedReadable(MessageStore store, Ack ack) {
        try (GetResult r = store.getMessages(CrashAppender.TOPIC, ack.queueId(), ack.queueOffset(), 1, 1 << 20,
                MessageFilter.ALL)) {
            assertEquals(GetStatus.FOUND, r.status(), "acknowledged " + ack + " not readable");
            ByteBuffer record = r.messages().get(0);
            assertEquals(RecordStatus.VALID, MessageRecord.check(record, 0, record.limit(), true));
            assertEquals(ack.physicalOffset(), MessageRecord.physicalOffset(record, 0));
            byte[] body = body(record);
            assertEquals(ack.crc(), CrashAppender.crc(body));
            assertArrayEquals(CrashAppender.body(ack.seq()), body);
        }
    }

    /** Reads the whole queue: offsets 0..k contiguous, each record valid and byte-for-byte what was sent. */
    private static long assertCleanPrefix(MessageStore store, int queueId) {
        assertEquals(0, store.minOffset(CrashAppender.TOPIC, queueId));
        long max = store.maxOffset(CrashAppender.TOPIC, queueId);
        long next = 0;
        while (next < max) {
            try (GetResult r = store.getMessages(CrashAppender.TOPIC, queueId, next, 32, 1 << 20, MessageFilter.ALL)) {
                assertEquals(GetStatus.FOUND, r.status());
                for (int i = 0; i < r.messageCount(); i++) {
                    assertEquals(next, r.queueOffsets().get(i));
                    ByteBuffer record = r.messages().get(i);
                    assertEquals(RecordStatus.VALID, MessageRecord.check(record, 0, record.limit(), true));
                    assertEquals(next, MessageRecord.queueOffset(record, 0));
                    assertEquals(queueId, MessageRecord.queueId(record, 0));
                    byte[] body = body(record);
                    long seq = ByteBuffer.wrap(body).getLong();
                    assertArrayEquals(CrashAppender.body(seq), body);
                    next++;
                }
            }
        }
        return next;
    }

    private static void assertEveryLogRecordValid(MessageStore store) {
        for (MappedFile mf : store.commitLog().files().segments()) {
            assertTrue(mf.retain(), "segment " + mf.fileFromOffset()); // idle full segments are unmapped
            try {
                ByteBuffer buf = mf.buffer();
                int pos = 0;
                while (pos < mf.writePosition()) {
                    if (BlankRecord.isBlank(buf, pos)) {
                        break;
                    }
                    assertEquals(RecordStatus.VALID, MessageRecord.check(buf, pos, mf.fileSize(), true),
                            "record at " + (mf.fileFromOffset() + pos));
                    pos += MessageRecord.totalSize(buf, pos);
                }
            } finally {
                mf.release();
            }
        }
    }

    private static byte[] body(ByteBuffer record) {
        byte[] body = new byte[MessageRecord.bodyLength(record, 0)];
        record.get(MessageRecord.bodyPosition(record, 0), body);
        return body;
    }
}
