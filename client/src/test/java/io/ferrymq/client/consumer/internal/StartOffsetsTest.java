package io.ferrymq.client.consumer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a queue starts: committed offset first, else the consumeFromWhere rule; retry topics from 0. */
class StartOffsetsTest {
    private static final MessageQueue QUEUE = new MessageQueue("T", "b", 0);
    private static final MessageQueue RETRY = new MessageQueue("%RETRY%g", "b", 0);

    @TempDir
    Path dir;

    /** A queue holding offsets 0..99, stored one per second from t = 1000 s. */
    private final QueueBounds bounds = new QueueBounds() {
        @Override
        public long maxOffset(MessageQueue queue) {
            return 100;
        }

        @Override
        public long offsetAt(MessageQueue queue, long epochMillis) {
            return Math.max(0, Math.min(100, epochMillis / 1000 - 1000));
        }
    };

    @Test
    void aNewGroupStartsWhereConsumeFromWhereSays() {
        OffsetStore none = new LocalFileOffsetStore(dir.resolve("none.json"));
        assertEquals(100, StartOffsets.resolve(bounds, none, QUEUE, ConsumeFromWhere.LAST_OFFSET, 0));
        assertEquals(0, StartOffsets.resolve(bounds, new LocalFileOffsetStore(dir.resolve("a.json")), QUEUE,
                ConsumeFromWhere.FIRST_OFFSET, 0));
        assertEquals(42, StartOffsets.resolve(bounds, new LocalFileOffsetStore(dir.resolve("b.json")), QUEUE,
                ConsumeFromWhere.TIMESTAMP, 1_042_000));
        assertEquals(0, StartOffsets.resolve(bounds, new LocalFileOffsetStore(dir.resolve("c.json")), RETRY,
                ConsumeFromWhere.LAST_OFFSET, 0), "retries are never skipped");
        assertEquals(100, none.readMemory(QUEUE), "the start is remembered as the offset");
    }

    @Test
    void aCommittedOffsetWins() {
        LocalFileOffsetStore store = new LocalFileOffsetStore(dir.resolve("o.json"));
        store.update(QUEUE, 7, false);
        store.persistAll(java.util.List.of(QUEUE));
        LocalFileOffsetStore reopened = new LocalFileOffsetStore(dir.resolve("o.json"));
        assertEquals(7, StartOffsets.resolve(bounds, reopened, QUEUE, ConsumeFromWhere.LAST_OFFSET, 0));
    }
}
