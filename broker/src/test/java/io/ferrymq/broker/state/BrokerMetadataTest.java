package io.ferrymq.broker.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.offset.OffsetTable;
import io.ferrymq.broker.schedule.DelayOffsetTable;
import io.ferrymq.broker.timer.TimerProgress;
import io.ferrymq.broker.topic.TopicTable;
import io.ferrymq.common.subscription.SubscriptionGroupConfig;
import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.remoting.protocol.admin.SubscriptionGroupWrapper;
import io.ferrymq.remoting.protocol.body.DataVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerMetadataTest {

    @TempDir
    Path root;

    private BrokerMetadata metadata() {
        return new BrokerMetadata(root.resolve("metadata"), root.resolve("config"));
    }

    private static TopicTable topics(DataVersion version, TopicConfig... configs) {
        TopicTable table = new TopicTable();
        Map<String, TopicConfig> byName = new LinkedHashMap<>();
        for (TopicConfig c : configs) {
            byName.put(c.getTopicName(), c);
        }
        table.setTopicConfigTable(byName);
        table.setDataVersion(version);
        return table;
    }

    @Test
    void anEmptyStoreLoadsNothing() throws IOException {
        try (BrokerMetadata m = metadata()) {
            m.open();
            assertNull(m.topics().load());
            assertNull(m.subscriptionGroups().load());
            assertNull(m.consumerOffsets().load());
            assertNull(m.delayOffsets().load());
            assertNull(m.timerProgress().load());
        }
    }

    @Test
    void everyTableSurvivesAReopenAndASaveReplacesTheWholeTable() throws IOException {
        try (BrokerMetadata m = metadata()) {
            m.open();
            m.topics().save(topics(new DataVersion(1, 1), new TopicConfig("A", 4, 4, 6), new TopicConfig("B", 8, 8, 6)));
            m.topics().save(topics(new DataVersion(2, 2), new TopicConfig("B", 2, 2, 6)));
            SubscriptionGroupWrapper groups = new SubscriptionGroupWrapper();
            groups.getSubscriptionGroupTable().put("G", new SubscriptionGroupConfig("G"));
            groups.setDataVersion(new DataVersion(3, 7));
            m.subscriptionGroups().save(groups);
            OffsetTable offsets = new OffsetTable();
            offsets.getOffsetTable().put("B@G", Map.of(0, 12L, 1, 3L));
            m.consumerOffsets().save(offsets);
            DelayOffsetTable delays = new DelayOffsetTable();
            delays.getOffsetTable().put(2, 9L);
            m.delayOffsets().save(delays);
            TimerProgress progress = new TimerProgress();
            progress.setIngestedOffset(5);
            progress.setDeliveredBeforeMs(1000);
            m.timerProgress().save(progress);
        }
        try (BrokerMetadata m = metadata()) {
            m.open();
            TopicTable topics = m.topics().load();
            assertEquals(Map.of("B", new TopicConfig("B", 2, 2, 6)), topics.getTopicConfigTable());
            assertEquals(new DataVersion(2, 2), topics.getDataVersion());
            SubscriptionGroupWrapper groups = m.subscriptionGroups().load();
            assertEquals(new SubscriptionGroupConfig("G"), groups.getSubscriptionGroupTable().get("G"));
            assertEquals(new DataVersion(3, 7), groups.getDataVersion());
            assertEquals(Map.of("B@G", Map.of(0, 12L, 1, 3L)), m.consumerOffsets().load().getOffsetTable());
            assertEquals(Map.of(2, 9L), m.delayOffsets().load().getOffsetTable());
            TimerProgress progress = m.timerProgress().load();
            assertEquals(5, progress.getIngestedOffset());
            assertEquals(1000, progress.getDeliveredBeforeMs());
        }
    }

    @Test
    void rocketMqJsonFilesInTheConfigDirectoryAreImportedOnceAndRenamed() throws IOException {
        Path config = Files.createDirectories(root.resolve("config"));
        Files.writeString(config.resolve("topics.json"), """
                {"topicConfigTable":{"Orders":{"topicName":"Orders","readQueueNums":4,"writeQueueNums":4,"perm":6}},
                 "dataVersion":{"timestamp":5,"counter":9}}""");
        Files.writeString(config.resolve("consumerOffset.json"), """
                {"offsetTable":{"Orders@Billing":{"0":42,"3":7}}}""");
        Files.writeString(config.resolve("subscriptionGroup.json"), """
                {"subscriptionGroupTable":{"Billing":{"groupName":"Billing","retryMaxTimes":3}}}""");
        Files.writeString(config.resolve("delayOffset.json"), """
                {"offsetTable":{"1":11}}""");
        try (BrokerMetadata m = metadata()) {
            m.open();
            assertEquals(new TopicConfig("Orders", 4, 4, 6), m.topics().load().getTopicConfigTable().get("Orders"));
            assertEquals(new DataVersion(5, 9), m.topics().load().getDataVersion());
            assertEquals(Map.of("Orders@Billing", Map.of(0, 42L, 3, 7L)), m.consumerOffsets().load().getOffsetTable());
            assertEquals(3, m.subscriptionGroups().load().getSubscriptionGroupTable().get("Billing").getRetryMaxTimes());
            assertEquals(Map.of(1, 11L), m.delayOffsets().load().getOffsetTable());
            m.topics().save(topics(new DataVersion(6, 10)));
        }
        assertFalse(Files.exists(config.resolve("topics.json")));
        assertTrue(Files.exists(config.resolve("topics.json.imported")));
        assertTrue(Files.exists(config.resolve("consumerOffset.json.imported")));
        try (BrokerMetadata m = metadata()) {
            m.open();
            assertTrue(m.topics().load().getTopicConfigTable().isEmpty(), "a renamed file is not imported again");
        }
    }

    @Test
    void aConfigFileThatDoesNotParseStopsTheOpenAndIsLeftInPlace() throws IOException {
        Path config = Files.createDirectories(root.resolve("config"));
        Files.writeString(config.resolve("topics.json"), "{\"topicConfigTable\":{");
        try (BrokerMetadata m = metadata()) {
            IOException e = assertThrows(IOException.class, m::open);
            assertTrue(e.getMessage().contains("topics.json"), e.getMessage());
        }
        assertTrue(Files.exists(config.resolve("topics.json")));
    }

    @Test
    void aTableUsedBeforeOpenOrAfterCloseFailsClearly() throws IOException {
        BrokerMetadata m = metadata();
        assertThrows(IllegalStateException.class, () -> m.topics().load());
        m.open();
        m.close();
        assertThrows(IllegalStateException.class, () -> m.consumerOffsets().save(new OffsetTable()));
    }
}
