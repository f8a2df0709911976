package io.ferrymq.store.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Paths;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StoreConfigTest {

    @Test
    void defaultsMatchRocketMq() {
        Properties p = new Properties();
        p.setProperty("storePathRootDir", "/data/store");
        StoreConfig c = StoreConfig.from(p);
        assertEquals(Paths.get("/data/store/commitlog"), c.commitLogDir());
        assertEquals(Paths.get("/data/store/consumequeue"), c.consumeQueueDir());
        assertEquals(32 << 20, c.commitLogSegmentBytes());
        assertEquals(6_000_000, c.consumeQueueSegmentBytes());
        assertEquals(FlushDiskType.ASYNC_FLUSH, c.flushDiskType());
        assertEquals(Duration.ofMillis(500), c.flushInterval());
        assertEquals(Duration.ofSeconds(5), c.syncFlushTimeout());
        assertEquals(Duration.ofHours(72), c.fileReservedTime());
        assertTrue(c.isDeleteHour(4));
        assertFalse(c.isDeleteHour(5));
        assertEquals(75, c.diskMaxUsedSpaceRatio());
        assertEquals(4 * 1024 * 1024, c.maxMessageSize());
        assertEquals(18, c.messageDelayLevels().size());
        assertEquals(Duration.ofSeconds(10), c.messageDelayLevels().get(2));
        assertEquals(Duration.ofHours(2), c.messageDelayLevels().get(17));
    }

    @Test
    void parsesUnitsAndBothSpellings() {
        Properties p = new Properties();
        p.setProperty("mappedFileSizeCommitLog", "65536");
        p.setProperty("mapedFileSizeConsumeQueue", "1001");
        p.setProperty("flushDiskType", "SYNC_FLUSH");
        p.setProperty("fileReservedTime", "48");
        p.setProperty("deleteWhen", "04;16");
        p.setProperty("maxMessageSize", "4096");
        p.setProperty("messageDelayLevel", "1s 2m 3h 1d");
        StoreConfig c = StoreConfig.from(p);
        assertEquals(65536, c.commitLogSegmentBytes());
        assertEquals(1020, c.consumeQueueSegmentBytes());
        assertEquals(FlushDiskType.SYNC_FLUSH, c.flushDiskType());
        assertEquals(Duration.ofHours(48), c.fileReservedTime());
        assertTrue(c.isDeleteHour(16));
        assertEquals(Duration.ofDays(1), c.messageDelayLevels().get(3));

        Properties old = new Properties();
        old.setProperty("mapedFileSizeCommitLog", "131072");
        assertEquals(131072, StoreConfig.from(old).commitLogSegmentBytes());
    }

    @Test
    void reportsUnknownKeysAndRejectsBadValues() {
        Properties p = new Properties();
        p.setProperty("flushIntervalCommitLog", "200");
        p.setProperty("brokerName", "broker-a");
        p.setProperty("fileReservedTim", "1");
        ConfigReader reader = new ConfigReader(p);
        StoreConfig.from(reader);
        assertEquals(Set.of("brokerName", "fileReservedTim"), reader.unconsumedKeys());

        Properties bad = new Properties();
        bad.setProperty("flushDiskType", "SOMETIMES");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StoreConfig.from(bad));
        assertTrue(e.getMessage().contains("flushDiskType"));
        Properties ratio = new Properties();
        ratio.setProperty("diskMaxUsedSpaceRatio", "99");
        assertThrows(IllegalArgumentException.class, () -> StoreConfig.from(ratio));
        Properties tooBig = new Properties();
        tooBig.setProperty("mapedFileSizeCommitLog", "65536");
        tooBig.setProperty("maxMessageSize", "65536");
        assertThrows(IllegalArgumentException.class, () -> StoreConfig.from(tooBig));
        Properties level = new Properties();
        level.setProperty("messageDelayLevel", "1s 5x");
        assertThrows(IllegalArgumentException.class, () -> StoreConfig.from(level));
    }
}
