package io.ferrymq.store;

import static io.ferrymq.store.StoreTestSupport.await;
import static io.ferrymq.store.StoreTestSupport.config;
import static io.ferrymq.store.StoreTestSupport.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.store.StoreTestSupport.ManualClock;
import io.ferrymq.store.commitlog.PutStatus;
import io.ferrymq.store.dispatch.ArrivalListener;
import io.ferrymq.store.file.MappedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retention service on its own thread, driven by a hand-moved clock and a fake disk. */
class RetentionServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final long HOUR = Duration.ofHours(1).toMillis();

    @TempDir
    Path root;

    private final ManualClock clock = new ManualClock();
    /** Disk usage in hundredths of a percent. */
    private final AtomicLong used = new AtomicLong(5_000);
    private MessageStore store;

    @AfterEach
    void shutdown() throws IOException {
        if (store != null) {
            store.shutdown();
        }
    }

    private void open() throws IOException {
        Properties p = new Properties();
        p.setProperty("cleanResourceInterval", Long.toString(HOUR));
        p.setProperty("deleteWhen", "04;16");
        p.setProperty("deleteFileBatchMax", "2");
        p.setProperty("fileReservedTime", "48");
        clock.millis.set(Instant.parse("2024-03-01T22:30:00Z").toEpochMilli());
        store = new MessageStore(config(root, "ASYNC_FLUSH", p), clock, ZoneOffset.UTC, System::nanoTime,
                ArrivalListener.NONE, () -> used.get() / 100.0);
        store.start();
    }

    /** Moves the clock by {@code millis} (at least one interval) and waits for the pass it triggers. */
    private void pass(long millis) {
        long before = store.retention().passes();
        clock.millis.addAndGet(millis);
        await(() -> store.retention().passes() == before + 1, WAIT, "a retention pass");
    }

    private void fill() {
        for (int i = 0; i < 400; i++) {
            assertEquals(PutStatus.PUT_OK, store.putMessage(message("TopicT", 0, "TagA", "m-" + i + "x".repeat(900)))
                    .join().status());
        }
        StoreReads.awaitDispatch(store);
    }

    /** The queue's first unit is the first record still in the log. */
    private void awaitQueueMinMoved() {
        long logMin = store.commitLog().minOffset();
        await(() -> {
            long min = store.minOffset("TopicT", 0);
            long physical = store.physicalOffsetOf("TopicT", 0, min);
            return min > 0 && physical >= logMin && physical < logMin + 2_000;
        }, WAIT, "consume-queue min offset moved to the log's first record");
    }

    private void age(List<MappedFile> segments, long ageMillis) throws IOException {
        for (MappedFile mf : segments) {
            Files.setLastModifiedTime(mf.path(), FileTime.fromMillis(clock.millis() - ageMillis));
        }
    }

    @Test
    void expiredSegmentsGoOnlyDuringDeleteHoursInBatches() throws IOException {
        open();
        await(() -> store.retention().passes() == 1, WAIT, "first pass");
        fill();
        List<MappedFile> segments = List.copyOf(store.commitLog().files().segments());
        assertTrue(segments.size() >= 6);
        age(segments.subList(0, 3), Duration.ofHours(60).toMillis());
        age(segments.subList(3, segments.size()), Duration.ofHours(1).toMillis());

        pass(HOUR); // 23:30, not a delete hour
        assertEquals(segments.size(), store.commitLog().files().segments().size());
        pass(5 * HOUR); // 04:30, delete hour: two of the three expired ones (batch max)
        assertEquals(segments.get(2).fileFromOffset(), store.commitLog().minOffset());
        awaitQueueMinMoved();
        pass(HOUR); // 05:30: the third expired segment waits for the next delete hour
        assertEquals(segments.get(2).fileFromOffset(), store.commitLog().minOffset());
        pass(11 * HOUR); // 16:30
        assertEquals(segments.get(3).fileFromOffset(), store.commitLog().minOffset());
        pass(HOUR); // 17:30: nothing else is old enough
        assertEquals(segments.get(3).fileFromOffset(), store.commitLog().minOffset());
    }

    @Test
    void diskPressureDeletesTheOldestAndAFullDiskRefusesPutsUntilSpaceReturns() throws IOException {
        open();
        fill();
        List<MappedFile> segments = List.copyOf(store.commitLog().files().segments());
        age(segments, 0);

        used.set(8_000); // past diskMaxUsedSpaceRatio 75: oldest go, young as they are
        pass(HOUR);
        assertEquals(segments.get(2).fileFromOffset(), store.commitLog().minOffset());

        used.set(9_100); // past diskSpaceWarningLevelRatio 90: puts refused
        pass(HOUR);
        assertEquals(segments.get(4).fileFromOffset(), store.commitLog().minOffset());
        assertEquals(PutStatus.DISK_FULL, store.putMessage(message("TopicT", 0, null, "x")).join().status());

        used.set(8_700); // below 90 but not yet below diskSpaceCleanForciblyRatio 85: still refused
        pass(HOUR);
        assertEquals(PutStatus.DISK_FULL, store.putMessage(message("TopicT", 0, null, "x")).join().status());

        used.set(5_000);
        pass(HOUR);
        assertEquals(PutStatus.PUT_OK, store.putMessage(message("TopicT", 0, null, "x")).join().status());
        awaitQueueMinMoved();
    }
}
