package io.ferrymq.common.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void writesANewFileInNewDirectoriesAndReplacesAnOldOneLeavingNoTemporaryFile() throws IOException {
        Path file = dir.resolve("a").resolve("b").resolve("state.json");
        AtomicFiles.replace(file, "first".getBytes(StandardCharsets.UTF_8));
        assertEquals("first", Files.readString(file));
        AtomicFiles.replace(file, "second, longer".getBytes(StandardCharsets.UTF_8));
        assertEquals("second, longer", Files.readString(file));
        AtomicFiles.replace(file, "3".getBytes(StandardCharsets.UTF_8));
        assertEquals("3", Files.readString(file), "a shorter content leaves nothing of the longer one");
        assertFalse(Files.exists(file.resolveSibling("state.json.tmp")));
    }
}
