package io.ferrymq.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ferrymq.namesrv.NamesrvConfig;
import io.ferrymq.namesrv.NamesrvController;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/mqbroker} with a class-data archive that cannot be used still starts and accepts sends: one
 * cut short (as after a full disk or an interrupted copy; the JVM would crash on it) and one whose bytes
 * are garbage of the right size (the JVM itself must refuse it). The archives are made by
 * {@code bin/ferry-cds-archive} into a directory of the test's own.
 */
class StartupClassDataIT {
    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    private NamesrvController namesrv;
    private Process broker;
    private DefaultMQProducer producer;

    @BeforeEach
    void start() {
        assumeTrue(Files.isRegularFile(HOME.resolve("broker/target/ferrymq-broker.jar")),
                "bin/mqbroker needs the packaged broker (mvn package)");
        namesrv = new NamesrvController(new NamesrvConfig().bindAddress("127.0.0.1").listenPort(0)
                .kvConfigPath(dir.resolve("kv.json")));
        namesrv.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (producer != null) {
            producer.shutdown();
        }
        if (broker != null) {
            broker.destroy();
            if (!broker.waitFor(20, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (namesrv != null) {
            namesrv.shutdown();
        }
    }

    @Test
    void aCutOffArchiveIsLeftAsideAndTheBrokerStillAcceptsSends() throws Exception {
        Path cds = makeArchive();
        Path jsa = cds.resolve("broker.jsa");
        byte[] whole = Files.readAllBytes(jsa);
        replace(jsa, Arrays.copyOf(whole, whole.length / 2));

        startBroker(cds);
        assertAcceptsASend();
        assertTrue(Files.readString(dir.resolve("broker.out")).contains("stale or damaged"),
                "bin/mqbroker says why it starts without the archive");
    }

    @Test
    void anArchiveOfGarbageIsRefusedAndTheBrokerStillAcceptsSends() throws Exception {
        Path cds = makeArchive();
        Path jsa = cds.resolve("broker.jsa");
        byte[] garbage = new byte[(int) Files.size(jsa)];
        new Random(42).nextBytes(garbage);
        replace(jsa, garbage); // same size: the size check passes, the JVM has to refuse it

        startBroker(cds);
        assertAcceptsASend();
    }

    /** A fresh archive in a directory of this test (bin/ferry-cds-archive with FERRY_CDS_DIR). */
    private Path makeArchive() throws Exception {
        Path cds = dir.resolve("cds");
        ProcessBuilder pb = new ProcessBuilder("bash", HOME.resolve("bin/ferry-cds-archive").toString(), "broker")
                .redirectErrorStream(true).redirectOutput(dir.resolve("ferry-cds-archive.out").toFile());
        pb.environment().put("FERRY_CDS_DIR", cds.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "ferry-cds-archive finished");
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), "ferry-cds-archive exit code");
        assertTrue(Files.isRegularFile(cds.resolve("broker.jsa")),
                "an archive was written: " + Files.readString(dir.resolve("ferry-cds-archive.out")));
        return cds;
    }

    private void startBroker(Path cds) throws IOException, InterruptedException {
        Path conf = dir.resolve("broker.conf");
        Files.writeString(conf, String.join("\n", List.of(
                "namesrvAddr=127.0.0.1:" + namesrv.port(), "brokerName=broker-cds", "listenPort=0",
                "fastListenPort=-1", "bindAddress=127.0.0.1", "brokerIP1=127.0.0.1",
                "storePathRootDir=" + dir.resolve("store"), "mapedFileSizeCommitLog=" + (8 << 20),
                "mapedFileSizeConsumeQueue=" + (20 * 20_000), "autoCreateTopicEnable=true", "")));
        ProcessBuilder pb = new ProcessBuilder("bash", HOME.resolve("bin/mqbroker").toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("broker.out").toFile());
        Map<String, String> env = pb.environment();
        env.put("FERRY_CDS_DIR", cds.toString());
        env.put("FERRY_LOG_DIR", dir.resolve("logs").toString());
        env.put("JAVA_OPT", "-Xms128m -Xmx256m -XX:+UseG1GC -XX:MaxDirectMemorySize=256m");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        broker = pb.start();
        Process p = broker;
        BrokerHarness.await("the broker's registration", START_TIMEOUT, () -> {
            if (!p.isAlive()) {
                throw new AssertionError("bin/mqbroker exited with " + p.exitValue() + ": " + output());
            }
            return namesrv.routes().pickupTopicRouteData("TBW102") != null;
        });
    }

    private void assertAcceptsASend() throws Exception {
        producer = OfficialClients.producer("127.0.0.1:" + namesrv.port());
        SendResult result = producer.send(new Message(OfficialClients.unique("CdsProbe"),
                "started".getBytes(StandardCharsets.UTF_8)));
        assertEquals(SendStatus.SEND_OK, result.getSendStatus());
        assertTrue(broker.isAlive(), "the broker still runs");
    }

    private String output() {
        try {
            return Files.readString(dir.resolve("broker.out"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static void replace(Path file, byte[] bytes) throws IOException {
        Files.delete(file); // the archive is written read-only
        Files.write(file, bytes);
    }
}
