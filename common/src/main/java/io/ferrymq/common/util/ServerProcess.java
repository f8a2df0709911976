package io.ferrymq.common.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/** What every server's {@code main} does alike: read its config file, then run until signalled. */
public final class ServerProcess {
    private ServerProcess() {
    }

    /** The properties of {@code file} (UTF-8), or none when {@code file} is null; a missing file is an error. */
    public static Properties loadProperties(String file) throws IOException {
        Properties props = new Properties();
        if (file == null) {
            return props;
        }
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new IOException("config file not found: " + file);
        }
        try (InputStream in = Files.newInputStream(path)) {
            props.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return props;
    }

    /** Blocks until the JVM is asked to exit (SIGTERM, Ctrl-C), running {@code shutdown} first. */
    public static void awaitShutdown(String hookName, Runnable shutdown) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shutdown.run();
            stopped.countDown();
        }, hookName));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
