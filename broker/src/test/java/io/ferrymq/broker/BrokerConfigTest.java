package io.ferrymq.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsFollowRocketMq() {
        BrokerConfig.Loaded loaded = BrokerConfig.load(new Properties());
        BrokerConfig c = loaded.broker();
        assertEquals("DefaultCluster", c.brokerClusterName());
        assertEquals(10911, c.listenPort());
        assertEquals(10909, c.fastListenPort());
        assertEquals(8, c.defaultTopicQueueNums());
        assertTrue(c.autoCreateTopicEnable());
        assertEquals(30_000, c.registerNameServerPeriod().toMillis());
        assertEquals(Set.of(), loaded.unknownKeys());
    }

    @Test
    void brokerAndStoreKeysShareOneFileAndUnknownKeysAreReported() {
        Properties p = new Properties();
        p.setProperty("namesrvAddr", "10.0.0.1:9876;10.0.0.2:9876");
        p.setProperty("listenPort", "0");
        p.setProperty("fileReservedTime", "48");
        p.setProperty("brokerRole", "ASYNC_MASTER");
        p.setProperty("listenPrt", "1");
        BrokerConfig.Loaded loaded = BrokerConfig.load(p);
        assertEquals(List.of("10.0.0.1:9876", "10.0.0.2:9876"), loaded.broker().namesrvAddrs());
        assertEquals(-1, loaded.broker().fastListenPort(), "no VIP port can be derived from an ephemeral one");
        assertEquals(48, loaded.store().fileReservedTime().toHours());
        assertEquals(Set.of("listenPrt"), loaded.unknownKeys());
    }

    @Test
    void propertyFilteringIsOnUnlessTurnedOff() {
        assertTrue(BrokerConfig.load(new Properties()).broker().enablePropertyFilter());
        Properties p = new Properties();
        p.setProperty("enablePropertyFilter", "false");
        BrokerConfig.Loaded loaded = BrokerConfig.load(p);
        assertEquals(false, loaded.broker().enablePropertyFilter());
        assertEquals("false", loaded.broker().asMap().get("enablePropertyFilter"));
        assertEquals(Set.of(), loaded.unknownKeys());
    }

    @Test
    void timerKeysFollowRocketMq() {
        BrokerConfig defaults = BrokerConfig.load(new Properties()).broker();
        assertTrue(defaults.timerWheelEnable());
        assertEquals(3 * 86_400, defaults.timerMaxDelay().toSeconds());
        Properties p = new Properties();
        p.setProperty("timerWheelEnable", "false");
        p.setProperty("timerMaxDelaySec", "60");
        BrokerConfig.Loaded loaded = BrokerConfig.load(p);
        assertEquals(false, loaded.broker().timerWheelEnable());
        assertEquals(60_000, loaded.broker().timerMaxDelay().toMillis());
        assertEquals("60", loaded.broker().asMap().get("timerMaxDelaySec"));
        assertEquals(Set.of(), loaded.unknownKeys());
        p.setProperty("timerMaxDelaySec", "0");
        assertThrows(IllegalArgumentException.class, () -> BrokerConfig.load(p));
    }

    @Test
    void badValuesNameTheirKey() {
        Properties p = new Properties();
        p.setProperty("defaultTopicQueueNums", "many");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BrokerConfig.load(p));
        assertTrue(e.getMessage().contains("defaultTopicQueueNums"), e.getMessage());
    }

    @Test
    void printConfigShowsEffectiveValuesAndNameServerFlagWins() throws Exception {
        Path conf = dir.resolve("broker.conf");
        Files.writeString(conf, "namesrvAddr=1.1.1.1:9876\nbrokerName=broker-x\nstorePathRootDir=" + dir + "\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = BrokerStartup.run(new String[] {"-c", conf.toString(), "-n", "127.0.0.1:9876", "-p"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, code);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("namesrvAddr=127.0.0.1:9876\n"), printed);
        assertTrue(printed.contains("brokerName=broker-x\n"), printed);
        assertTrue(printed.contains("messageDelayLevel=1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h"),
                printed);
    }
}
