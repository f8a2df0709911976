package io.ferrymq.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveBrokerSettingsTest {

    @TempDir
    Path dir;

    private LiveBrokerSettings settings(Path configFile) {
        Properties file = new Properties();
        file.setProperty("storePathRootDir", dir.resolve("store").toString());
        BrokerConfig.Loaded loaded = BrokerConfig.load(file);
        return new LiveBrokerSettings(loaded.broker(), loaded.store(), configFile, InstantSource.system());
    }

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void liveKeysChangeAndTheVersionMoves() throws IOException {
        LiveBrokerSettings s = settings(null);
        long counter = s.version().getCounter();
        Set<String> changed = s.update(props("brokerPermission", "4", "autoCreateTopicEnable", "false",
                "autoCreateSubscriptionGroup", "false", "longPollingEnable", "false", "shortPollingTimeMills", "250"));
        assertEquals(Set.of("brokerPermission", "autoCreateTopicEnable", "autoCreateSubscriptionGroup",
                "longPollingEnable", "shortPollingTimeMills"), changed);
        assertEquals(4, s.brokerPermission());
        assertFalse(s.autoCreateTopicEnable());
        assertFalse(s.autoCreateSubscriptionGroup());
        assertFalse(s.longPollingEnable());
        assertEquals(Duration.ofMillis(250), s.shortPollingTime());
        assertEquals("4", s.effective().get("brokerPermission"));
        assertEquals(counter + 1, s.version().getCounter());
        assertEquals(Set.of(), s.update(props("brokerPermission", "4")), "the same value changes nothing");
        assertEquals(counter + 1, s.version().getCounter());
    }

    @Test
    void anUpdateWithOneBadPartAppliesNothing() throws IOException {
        LiveBrokerSettings s = settings(null);
        IllegalArgumentException badValue = assertThrows(IllegalArgumentException.class,
                () -> s.update(props("autoCreateTopicEnable", "false", "brokerPermission", "99")));
        assertTrue(badValue.getMessage().contains("brokerPermission"), badValue.getMessage());
        IllegalArgumentException notLive = assertThrows(IllegalArgumentException.class,
                () -> s.update(props("autoCreateTopicEnable", "false", "listenPort", "1234")));
        assertTrue(notLive.getMessage().startsWith("listenPort cannot change while the broker runs"),
                notLive.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> s.update(props("noSuchKey", "1")));
        assertTrue(unknown.getMessage().contains("unknown broker config key: noSuchKey"), unknown.getMessage());
        assertTrue(s.autoCreateTopicEnable());
        assertEquals(6, s.brokerPermission());
        s.update(props("listenPort", s.effective().get("listenPort"), "brokerName", "broker-a",
                "autoCreateTopicEnable", "false"));
        assertFalse(s.autoCreateTopicEnable(), "fixed keys repeating their value are accepted");
    }

    @Test
    void aChangeIsWrittenIntoTheConfigFileKeepingItsOtherLines() throws IOException {
        Path conf = dir.resolve("broker.conf");
        Files.write(conf, List.of("# the broker", "brokerName = broker-a", "brokerPermission=6",
                "#autoCreateTopicEnable=true", "listenPort=10911"));
        LiveBrokerSettings s = settings(conf);
        s.update(props("brokerPermission", "2", "autoCreateTopicEnable", "false"));
        assertEquals(List.of("# the broker", "brokerName = broker-a", "brokerPermission=2",
                "#autoCreateTopicEnable=true", "listenPort=10911", "autoCreateTopicEnable=false"),
                Files.readAllLines(conf));
        Properties reloaded = new Properties();
        try (var in = Files.newInputStream(conf)) {
            reloaded.load(in);
        }
        assertEquals("2", reloaded.getProperty("brokerPermission"));
    }

    @Test
    void permissionListenersHearOnlyPermissionChanges() throws IOException {
        LiveBrokerSettings s = settings(null);
        AtomicInteger heard = new AtomicInteger();
        s.onPermissionChange(heard::incrementAndGet);
        s.update(props("longPollingEnable", "false"));
        assertEquals(0, heard.get());
        s.update(props("brokerPermission", "4"));
        assertEquals(1, heard.get());
    }
}
