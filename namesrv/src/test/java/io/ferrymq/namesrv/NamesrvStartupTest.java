package io.ferrymq.namesrv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamesrvStartupTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return NamesrvStartup.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsTheEffectiveConfigFromAFile() throws Exception {
        Path conf = dir.resolve("namesrv.conf");
        Files.writeString(conf, "listenPort=19876\norderMessageEnable=true\nrocketmqHome=/opt/rmq\n");
        assertEquals(0, run("-c", conf.toString(), "-p"));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("listenPort=19876"), printed);
        assertTrue(printed.contains("orderMessageEnable=true"), printed);
    }

    @Test
    void defaultPortIs9876() {
        assertEquals(0, run("-p"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("listenPort=9876"));
    }

    @Test
    void missingConfigFileIsAClearError() {
        assertEquals(1, run("-c", dir.resolve("nope.conf").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("config file not found"));
    }

    @Test
    void badValueNamesItsKey() throws Exception {
        Path conf = dir.resolve("bad.conf");
        Files.writeString(conf, "listenPort=ninety\n");
        assertEquals(1, run("-c", conf.toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("listenPort"));
    }

    @Test
    void unknownOptionIsRejected() {
        assertEquals(1, run("--frobnicate"));
    }
}
