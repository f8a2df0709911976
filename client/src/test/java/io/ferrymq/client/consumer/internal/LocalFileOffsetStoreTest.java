package io.ferrymq.client.consumer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileOffsetStoreTest {
    @TempDir
    Path dir;

    @Test
    void offsetsSurviveAReopenAndOnlyIncrease() {
        Path file = dir.resolve("g/offsets.json");
        MessageQueue q0 = new MessageQueue("T", "b", 0);
        MessageQueue q1 = new MessageQueue("T", "b", 1);
        LocalFileOffsetStore store = new LocalFileOffsetStore(file);
        assertEquals(-1, store.readStored(q0));
        store.update(q0, 10, true);
        store.update(q0, 7, true);
        store.update(q1, 3, false);
        store.persistAll(List.of(q0, q1));
        assertTrue(Files.exists(file));

        LocalFileOffsetStore reopened = new LocalFileOffsetStore(file);
        assertEquals(10, reopened.readStored(q0));
        assertEquals(3, reopened.readStored(q1));
        assertEquals(10, reopened.readMemory(q0));
    }

    @Test
    void aCorruptFileIsReportedNotIgnored() throws Exception {
        Path file = dir.resolve("offsets.json");
        Files.writeString(file, "{not json");
        ClientException e = assertThrows(ClientException.class, () -> new LocalFileOffsetStore(file));
        assertTrue(e.getMessage().contains("delete"), e.getMessage());
    }
}
