package io.ferrymq.store.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedFileQueueTest {

    private static final int SEGMENT = 64 * 1024;

    @TempDir
    Path dir;

    private MappedFileQueue queue;

    @AfterEach
    void close() {
        if (queue != null) {
            queue.close();
        }
    }

    private static ByteBuffer filled(int size, byte value) {
        ByteBuffer b = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            b.put(i, value);
        }
        return b;
    }

    /** Appends {@code size} bytes of {@code value}, rolling when the record does not fit. */
    private long append(int size, byte value) throws IOException {
        MappedFile last = queue.last();
        if (last == null || last.remaining() < size) {
            if (last != null) {
                last.setWritePosition(last.fileSize());
            }
            last = queue.rollFrom(0);
        }
        long offset = last.fileFromOffset() + last.writePosition();
        last.append(filled(size, value), 0, size);
        return offset;
    }

    @Test
    void segmentNamesAreTwentyDigitOffsets() {
        assertEquals("00000000001073741824", MappedFile.fileName(1L << 30));
        assertEquals(1L << 30, MappedFile.parseFileName("00000000001073741824"));
        assertEquals(-1, MappedFile.parseFileName("checkpoint"));
    }

    @Test
    void appendsRollAndFindByOffset() throws IOException {
        queue = new MappedFileQueue(dir, SEGMENT);
        long[] offsets = new long[40];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = append(5000, (byte) i);
        }
        // 13 records of 5000 bytes fit in 64 KiB; records are never split
        assertEquals(4, queue.segments().size());
        assertEquals(SEGMENT, offsets[13]);
        for (int i = 0; i < offsets.length; i++) {
            MappedFile mf = queue.findByOffset(offsets[i]);
            assertTrue(mf.retain());
            ByteBuffer slice = mf.slice((int) (offsets[i] - mf.fileFromOffset()), 5000);
            assertTrue(slice.isDirect());
            assertEquals((byte) i, slice.get(0));
            assertEquals((byte) i, slice.get(4999));
            mf.release();
        }
        assertEquals(0, queue.minOffset());
        assertEquals(3L * SEGMENT + 1 * 5000, queue.maxOffset());
        assertNull(queue.findByOffset(4L * SEGMENT));
        assertEquals(queue.maxOffset(), queue.flush());
        assertEquals(queue.maxOffset(), queue.flushedOffset());
        for (MappedFile mf : queue.segments()) {
            assertEquals(mf.writePosition(), mf.flushedPosition());
        }
    }

    @Test
    void reloadsSegmentsAndChecksSizes() throws IOException {
        queue = new MappedFileQueue(dir, SEGMENT);
        for (int i = 0; i < 20; i++) {
            append(5000, (byte) 7);
        }
        queue.flush();
        queue.close();

        queue = new MappedFileQueue(dir, SEGMENT);
        queue.load();
        assertEquals(2, queue.segments().size());
        MappedFile second = queue.findByOffset(SEGMENT + 10);
        assertEquals(SEGMENT, second.fileFromOffset());
        assertEquals(7, second.buffer().get(0));
        queue.close();

        // A log written with another segment size keeps it (a changed setting or an older default).
        queue = new MappedFileQueue(dir, SEGMENT * 2);
        queue.load();
        assertEquals(SEGMENT, queue.fileSize());
        assertEquals(7, queue.findByOffset(SEGMENT + 10).buffer().get(0));
        queue.close();

        // Segments of different sizes in one log are refused.
        try (FileChannel ch = FileChannel.open(dir.resolve(MappedFile.fileName(SEGMENT)), StandardOpenOption.WRITE)) {
            ch.truncate(SEGMENT / 2);
        }
        queue = new MappedFileQueue(dir, SEGMENT);
        assertThrows(IOException.class, queue::load);
        queue = null;
    }

    @Test
    void truncateDirtyDeletesLaterSegmentsAndZeroesTheTail() throws IOException {
        queue = new MappedFileQueue(dir, SEGMENT);
        for (int i = 0; i < 30; i++) {
            append(5000, (byte) 1);
        }
        assertEquals(3, queue.segments().size());
        long cut = SEGMENT + 3 * 5000 + 17;
        queue.truncateDirty(cut);
        assertEquals(2, queue.segments().size());
        assertEquals(cut, queue.maxOffset());
        MappedFile last = queue.last();
        assertEquals(1, last.buffer().get(3 * 5000 + 16));
        for (int i = 3 * 5000 + 17; i < SEGMENT; i++) {
            assertEquals(0, last.buffer().get(i), "byte " + i);
        }
        assertFalse(Files.exists(dir.resolve(MappedFile.fileName(2L * SEGMENT))));
        assertEquals(SEGMENT, queue.first().writePosition());

        queue.truncateDirty(SEGMENT);
        assertEquals(1, queue.segments().size());
        assertEquals(SEGMENT, queue.maxOffset());
        queue.truncateDirty(0);
        assertEquals(1, queue.segments().size());
        assertEquals(0, queue.maxOffset());
    }

    @Test
    void deletesExpiredSegmentsOldestFirstButNeverTheLast() throws IOException {
        queue = new MappedFileQueue(dir, SEGMENT);
        for (int i = 0; i < 50; i++) {
            append(5000, (byte) 1);
        }
        assertEquals(4, queue.segments().size());
        long now = 1_000_000_000L;
        long hour = 3_600_000L;
        // segment ages: 10 h, 5 h, 1 h, 0 h
        long[] ages = {10, 5, 1, 0};
        for (int i = 0; i < 4; i++) {
            Files.setLastModifiedTime(queue.segments().get(i).path(), FileTime.fromMillis(now - ages[i] * hour));
        }
        assertEquals(0, queue.deleteExpired(now, 11 * hour, 10, false));
        assertEquals(2, queue.deleteExpired(now, 4 * hour, 10, false));
        assertEquals(2L * SEGMENT, queue.minOffset());
        assertNull(queue.findByOffset(10));
        assertEquals(1, queue.deleteExpired(now, 4 * hour, 10, true));
        assertEquals(0, queue.deleteExpired(now, 0, 10, true));
        assertEquals(1, queue.segments().size());
        assertEquals(3L * SEGMENT, queue.minOffset());
    }

    @Test
    void aDestroyedSegmentStaysReadableForAReaderHoldingIt() throws IOException {
        queue = new MappedFileQueue(dir, SEGMENT);
        append(100, (byte) 9);
        MappedFile mf = queue.first();
        assertTrue(mf.retain());
        ByteBuffer slice = mf.slice(0, 100);
        queue.destroyAll();
        assertFalse(Files.exists(mf.path()));
        assertFalse(mf.retain());
        assertEquals(9, slice.get(99));
        mf.release();
        assertSame(null, queue.first());
    }

    @Test
    void idleFullFlushedSegmentsAreUnmappedAndMappedAgainWhenRead() throws IOException {
        queue = new MappedFileQueue(dir, SEGMENT);
        append(SEGMENT - 100, (byte) 3);
        append(500, (byte) 4);
        MappedFile first = queue.first();
        MappedFile last = queue.last();

        assertEquals(0, queue.unmapIdle(0, 100), "not flushed yet: the mapping stays");
        queue.flush();
        assertTrue(first.retain());
        assertEquals(0, queue.unmapIdle(0, 100), "a reader holds it");
        first.release();
        assertEquals(0, queue.unmapIdle(60_000_000_000L, 100), "used a moment ago");
        assertEquals(1, queue.unmapIdle(0, 100));
        assertFalse(first.isMapped());
        assertTrue(last.isMapped(), "the segment being written stays mapped");

        assertTrue(first.retain());
        assertTrue(first.isMapped());
        assertEquals(3, first.slice(0, SEGMENT - 100).get(SEGMENT - 101));
        first.release();
        assertEquals(4, queue.findByOffset(SEGMENT).buffer().get(499));
    }

    @Test
    void unmappingRacesWithReadersWithoutLosingBytes() throws Exception {
        queue = new MappedFileQueue(dir, SEGMENT);
        append(SEGMENT, (byte) 7);
        append(10, (byte) 1);
        queue.flush();
        MappedFile first = queue.first();
        Thread reader = new Thread(() -> {
            for (int i = 0; i < 20_000; i++) {
                assertTrue(first.retain());
                try {
                    assertEquals(7, first.slice(SEGMENT - 1, 1).get(0));
                } finally {
                    first.release();
                }
            }
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        reader.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        reader.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (reader.isAlive() && System.nanoTime() < deadline) {
            queue.unmapIdle(0, 100);
        }
        reader.join(1000);
        assertFalse(reader.isAlive());
        assertNull(failure.get());
    }

    @Test
    void beyondTheCapTheLeastRecentlyReadSegmentsAreUnmappedEvenWhenInUse() throws IOException {
        queue = new MappedFileQueue(dir, SEGMENT);
        for (int i = 0; i < 5; i++) {
            append(SEGMENT, (byte) i);
        }
        append(10, (byte) 9);
        queue.flush();
        List<MappedFile> all = queue.segments();
        for (int i = 4; i >= 0; i--) { // read newest first: segment 4 is the least recently read
            assertTrue(all.get(i).retain());
            all.get(i).release();
        }
        assertTrue(all.get(3).retain()); // held by a reader: never unmapped under it
        assertEquals(3, queue.unmapIdle(60_000_000_000L, 2));
        assertFalse(all.get(4).isMapped());
        assertFalse(all.get(2).isMapped());
        assertFalse(all.get(1).isMapped());
        assertTrue(all.get(3).isMapped());
        assertTrue(all.get(0).isMapped());
        all.get(3).release();
        assertTrue(all.get(4).retain());
        assertEquals(4, all.get(4).slice(0, 1).get(0));
        all.get(4).release();
    }
}
