package io.ferrymq.store.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferrymq.store.checkpoint.StoreCheckpoint.Values;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCheckpointTest {

    @TempDir
    Path dir;

    @Test
    void newFileReadsEmptyAndValuesSurviveReopen() throws IOException {
        Path file = dir.resolve("checkpoint");
        try (StoreCheckpoint cp = StoreCheckpoint.open(file)) {
            assertEquals(Values.EMPTY, cp.values());
            cp.write(new Values(100, 90, 5, 4));
            cp.write(new Values(200, 190, 6, 5));
            cp.write(new Values(300, 290, 7, 6));
        }
        try (StoreCheckpoint cp = StoreCheckpoint.open(file)) {
            assertEquals(new Values(300, 290, 7, 6), cp.values());
            cp.write(new Values(400, 390, 8, 7));
        }
        try (StoreCheckpoint cp = StoreCheckpoint.open(file)) {
            assertEquals(new Values(400, 390, 8, 7), cp.values());
        }
    }

    @Test
    void aTornSlotFallsBackToThePreviousCheckpoint() throws IOException {
        Path file = dir.resolve("checkpoint");
        try (StoreCheckpoint cp = StoreCheckpoint.open(file)) {
            cp.write(new Values(100, 90, 5, 4)); // sequence 1 -> slot 1
            cp.write(new Values(200, 190, 6, 5)); // sequence 2 -> slot 0
        }
        // damage the newest slot (slot 0) in its middle, as a torn write would
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), StoreCheckpoint.DISPATCHED_OFFSET);
        }
        try (StoreCheckpoint cp = StoreCheckpoint.open(file)) {
            assertEquals(new Values(100, 90, 5, 4), cp.values());
            cp.write(new Values(300, 290, 7, 6)); // must not overwrite the good slot
        }
        try (StoreCheckpoint cp = StoreCheckpoint.open(file)) {
            assertEquals(new Values(300, 290, 7, 6), cp.values());
        }
    }
}
