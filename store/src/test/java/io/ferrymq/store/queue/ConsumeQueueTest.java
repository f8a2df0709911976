package io.ferrymq.store.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ferrymq.store.queue.ConsumeQueue.PutStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsumeQueueTest {

    /** 100 units per segment. */
    private static final int SEGMENT = 100 * ConsumeQueue.UNIT_SIZE;

    @TempDir
    Path root;

    private ConsumeQueueTable table;

    @AfterEach
    void close() {
        if (table != null) {
            table.close();
        }
    }

    private ConsumeQueueTable open() throws IOException {
        if (table != null) {
            table.close();
        }
        table = new ConsumeQueueTable(root.resolve("consumequeue"), SEGMENT);
        table.load();
        return table;
    }

    /** Unit k points at commit-log offset 1000 * k, size 100 + k, tag k. */
    private static void fill(ConsumeQueue cq, long from, long to) throws IOException {
        for (long k = from; k < to; k++) {
            assertEquals(PutStatus.WRITTEN, cq.put(k, 1000 * k, (int) (100 + k), k));
        }
    }

    private static void assertUnit(ConsumeQueue cq, long k) {
        try (CqSlice s = cq.slice(k)) {
            assertNotNull(s, "unit " + k);
            assertEquals(k, s.startOffset());
            assertEquals(1000 * k, s.physicalOffset(0));
            assertEquals(100 + k, s.size(0));
            assertEquals(k, s.tagsCode(0));
        }
    }

    @Test
    void writesReadsAndRollsSegments() throws IOException {
        ConsumeQueue cq = open().findOrCreate("TopicTest", 3);
        fill(cq, 0, 250);
        assertEquals(0, cq.minOffset());
        assertEquals(250, cq.maxOffset());
        assertEquals(3, Files.list(root.resolve("consumequeue/TopicTest/3")).count());
        try (CqSlice s = cq.slice(95)) {
            assertEquals(5, s.count()); // to the end of the first segment
            assertEquals(99 * 1000, s.physicalOffset(4));
        }
        try (CqSlice s = cq.slice(200)) {
            assertEquals(50, s.count());
        }
        for (long k = 0; k < 250; k++) {
            assertUnit(cq, k);
        }
        assertNull(cq.slice(250));
        assertEquals(249 * 1000 + 349, cq.lastPhysicalEnd());
    }

    @Test
    void repeatedDispatchIsIdempotentAndGapsAreRefused() throws IOException {
        ConsumeQueue cq = open().findOrCreate("t", 0);
        fill(cq, 0, 10);
        assertEquals(PutStatus.ALREADY_PRESENT, cq.put(5, 1, 1, 1));
        assertUnit(cq, 5);
        assertEquals(PutStatus.GAP, cq.put(12, 12_000, 112, 12));
        assertEquals(10, cq.maxOffset());
    }

    @Test
    void recoversAfterReopenAndStopsAtATornUnit() throws IOException {
        ConsumeQueue cq = open().findOrCreate("t", 1);
        fill(cq, 0, 130);
        cq.flush();
        cq = open().find("t", 1);
        assertEquals(0, cq.minOffset());
        assertEquals(130, cq.maxOffset());
        assertUnit(cq, 129);
        fill(cq, 130, 140);

        // a unit whose size never reached the disk ends the queue at recovery
        try (CqSlice s = cq.slice(135)) {
            assertEquals(5, s.count());
        }
        table.close();
        Path seg = root.resolve("consumequeue/t/1/00000000000000002000");
        try (var ch = java.nio.channels.FileChannel.open(seg, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.allocate(4), 35L * ConsumeQueue.UNIT_SIZE + ConsumeQueue.SIZE);
        }
        table = null;
        cq = open().find("t", 1);
        assertEquals(135, cq.maxOffset());
    }

    @Test
    void truncatesUnitsPointingPastTheLogEnd() throws IOException {
        ConsumeQueue cq = open().findOrCreate("t", 0);
        fill(cq, 0, 250);
        cq.truncateFromPhysical(150 * 1000 + 1);
        assertEquals(151, cq.maxOffset());
        assertUnit(cq, 150);
        fill(cq, 151, 160);
        cq.truncateFromPhysical(100 * 1000);
        assertEquals(100, cq.maxOffset());
        cq.truncateFromPhysical(0);
        assertEquals(0, cq.maxOffset());
        fill(cq, 0, 3);
        assertUnit(cq, 2);
    }

    @Test
    void retentionMovesTheMinimumAndDeletesSegments() throws IOException {
        ConsumeQueue cq = open().findOrCreate("t", 0);
        fill(cq, 0, 250);
        assertEquals(0, cq.correctMinOffset(0));
        assertEquals(0, cq.minOffset());
        // the commit log now starts at 120 000: units 0..119 point at deleted records
        assertEquals(1, cq.correctMinOffset(120_000));
        assertEquals(120, cq.minOffset());
        assertNull(cq.slice(119));
        assertUnit(cq, 120);
        cq.flush();
        cq = open().find("t", 0);
        assertEquals(100, cq.minOffset()); // segment granularity after restart, until the next correction
        cq.correctMinOffset(120_000);
        assertEquals(120, cq.minOffset());
    }

    @Test
    void anEmptyQueueMayStartMidSegmentAndSurvivesRestart() throws IOException {
        ConsumeQueue cq = open().findOrCreate("rebuilt", 0);
        fill(cq, 142, 150);
        assertEquals(142, cq.minOffset());
        assertEquals(150, cq.maxOffset());
        assertNull(cq.slice(141));
        cq.flush();
        cq = open().find("rebuilt", 0);
        assertEquals(142, cq.minOffset());
        assertEquals(150, cq.maxOffset());
        assertUnit(cq, 142);
        assertEquals(148, cq.search((phy, size, tags) -> tags >= 148));
        assertEquals(150, cq.search((phy, size, tags) -> false));
    }
}
