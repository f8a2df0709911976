package io.ferrymq.store.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import io.ferrymq.common.subscription.SubscriptionGroupConfig;
import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.common.topic.TopicFilterType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetadataStoreTest {

    @TempDir
    Path dir;

    private static TopicConfig topic(String name, int queues) {
        TopicConfig c = new TopicConfig(name, queues, queues, 6);
        c.setTopicFilterType(TopicFilterType.MULTI_TAG);
        c.setOrder(true);
        return c;
    }

    @Test
    void everyKindRoundTripsAndSurvivesReopen() throws IOException {
        SubscriptionGroupConfig group = new SubscriptionGroupConfig("GroupA");
        group.setRetryMaxTimes(3);
        try (MetadataStore meta = MetadataStore.open(dir)) {
            meta.putTopicConfigs(List.of(topic("TopicA", 4), topic("TopicB", 8)));
            meta.putSubscriptionGroup(group);
            meta.commitOffsets(List.of(new MetadataStore.OffsetUpdate("GroupA", "TopicA", 0, 12),
                    new MetadataStore.OffsetUpdate("GroupA", "TopicA", 3, 7),
                    new MetadataStore.OffsetUpdate("GroupAB", "TopicA", 0, 99)));
            meta.commitOffset("GroupA", "TopicA", 0, 13);
            meta.putDelayOffsets(Map.of(1, 5L, 18, 2L));
            assertEquals(topic("TopicB", 8), meta.topicConfig("TopicB"));
            assertEquals(13, meta.queryOffset("GroupA", "TopicA", 0));
        }
        try (MetadataStore meta = MetadataStore.open(dir)) {
            assertEquals(Map.of("TopicA", topic("TopicA", 4), "TopicB", topic("TopicB", 8)), meta.topicConfigs());
            assertEquals(group, meta.subscriptionGroup("GroupA"));
            assertEquals(Map.of(0, 13L, 3, 7L), meta.queryOffsets("GroupA", "TopicA"));
            assertEquals(Map.of(0, 99L), meta.queryOffsets("GroupAB", "TopicA"));
            assertEquals(-1, meta.queryOffset("GroupA", "TopicA", 1));
            assertEquals(Map.of(1, 5L, 18, 2L), meta.delayOffsets());
            assertEquals(-1, meta.delayOffset(2));

            meta.deleteTopicConfig("TopicA");
            meta.deleteSubscriptionGroup("GroupA");
            assertNull(meta.topicConfig("TopicA"));
            assertNull(meta.subscriptionGroup("GroupA"));
            assertTrue(meta.queryOffsets("GroupA", "TopicA").isEmpty());
            assertEquals(Map.of(0, 99L), meta.queryOffsets("GroupAB", "TopicA"));
        }
    }

    @Test
    void subscriptionGroupDefaultsAreRocketMqs() {
        SubscriptionGroupConfig g = JSON.parseObject("{\"groupName\":\"G\"}", SubscriptionGroupConfig.class);
        assertTrue(g.isConsumeEnable() && g.isConsumeFromMinEnable() && g.isConsumeBroadcastEnable()
                && g.isNotifyConsumerIdsChangedEnable());
        assertEquals(1, g.getRetryQueueNums());
        assertEquals(16, g.getRetryMaxTimes());
        assertEquals(0, g.getBrokerId());
        assertEquals(1, g.getWhichBrokerWhenConsumeSlowly());
    }

    @Test
    void exportsRocketMqShapedJson() throws IOException {
        try (MetadataStore meta = MetadataStore.open(dir.resolve("db"))) {
            meta.putTopicConfig(topic("TopicA", 4));
            meta.putSubscriptionGroup(new SubscriptionGroupConfig("GroupA"));
            meta.commitOffset("GroupA", "TopicA", 0, 12);
            meta.putDelayOffset(1, 5);
            meta.exportJson(dir.resolve("export"));
        }
        JSONObject topics = JSON.parseObject(Files.readString(dir.resolve("export/topics.json")));
        JSONObject topicA = topics.getJSONObject("topicConfigTable").getJSONObject("TopicA");
        assertEquals("TopicA", topicA.getString("topicName"));
        assertEquals(4, topicA.getIntValue("readQueueNums"));
        assertEquals("MULTI_TAG", topicA.getString("topicFilterType"));
        assertEquals(6, topicA.getIntValue("perm"));
        JSONObject groups = JSON.parseObject(Files.readString(dir.resolve("export/subscriptionGroup.json")));
        assertEquals(16, groups.getJSONObject("subscriptionGroupTable").getJSONObject("GroupA")
                .getIntValue("retryMaxTimes"));
        JSONObject offsets = JSON.parseObject(Files.readString(dir.resolve("export/consumerOffset.json")));
        assertEquals(12L, offsets.getJSONObject("offsetTable").getJSONObject("TopicA@GroupA").getLongValue("0"));
        JSONObject delay = JSON.parseObject(Files.readString(dir.resolve("export/delayOffset.json")));
        assertEquals(5L, delay.getJSONObject("offsetTable").getLongValue("1"));
    }

    @Test
    void replacingATableDropsWhatTheSnapshotNoLongerHoldsAndKeepsTheRest() throws IOException {
        try (MetadataStore meta = MetadataStore.open(dir)) {
            meta.replaceTopicConfigs(List.of(topic("TopicA", 4), topic("TopicB", 8)), "topics.version",
                    "{\"counter\":1}".getBytes(StandardCharsets.UTF_8));
            meta.replaceTopicConfigs(List.of(topic("TopicB", 2), topic("TopicC", 1)), "topics.version",
                    "{\"counter\":2}".getBytes(StandardCharsets.UTF_8));
            meta.replaceSubscriptionGroups(List.of(new SubscriptionGroupConfig("G1"), new SubscriptionGroupConfig("G2")),
                    "groups.version", new byte[] {1});
            meta.replaceSubscriptionGroups(List.of(new SubscriptionGroupConfig("G2")), "groups.version", new byte[] {2});
            meta.replaceOffsetTable(Map.of("TopicA@G1", Map.of(0, 5L, 1, 6L), "%RETRY%G2@G2", Map.of(0, 1L)));
            meta.replaceOffsetTable(Map.of("TopicA@G1", Map.of(1, 7L), "TopicB@G2", Map.of(3, 9L)));
            meta.replaceDelayOffsets(Map.of(1, 10L, 2, 20L));
            meta.replaceDelayOffsets(Map.of(2, 21L));
            meta.putState("timer", "{\"x\":1}".getBytes(StandardCharsets.UTF_8), true);
        }
        try (MetadataStore meta = MetadataStore.open(dir)) {
            assertEquals(Map.of("TopicB", topic("TopicB", 2), "TopicC", topic("TopicC", 1)), meta.topicConfigs());
            assertEquals("{\"counter\":2}", new String(meta.state("topics.version"), StandardCharsets.UTF_8));
            assertEquals(List.of("G2"), List.copyOf(meta.subscriptionGroups().keySet()));
            assertArrayEquals(new byte[] {2}, meta.state("groups.version"));
            assertEquals(Map.of("TopicA@G1", Map.of(1, 7L), "TopicB@G2", Map.of(3, 9L)), meta.offsetTable());
            assertEquals(Map.of(2, 21L), meta.delayOffsets());
            assertEquals("{\"x\":1}", new String(meta.state("timer"), StandardCharsets.UTF_8));
            assertNull(meta.state("missing"));
        }
    }

    @Test
    void anOffsetKeyWithoutTopicAtGroupIsRefusedAndNothingIsWritten() throws IOException {
        try (MetadataStore meta = MetadataStore.open(dir)) {
            meta.replaceOffsetTable(Map.of("TopicA@G1", Map.of(0, 5L)));
            assertThrows(IllegalArgumentException.class, () -> meta.replaceOffsetTable(Map.of("TopicA", Map.of(0, 1L))));
            assertEquals(Map.of("TopicA@G1", Map.of(0, 5L)), meta.offsetTable());
        }
    }

    @Test
    void callsAfterCloseFailWithAnExceptionNotACrash() throws IOException {
        MetadataStore meta = MetadataStore.open(dir);
        meta.putTopicConfig(topic("TopicA", 4));
        meta.close();
        meta.close();
        assertThrows(IllegalStateException.class, () -> meta.topicConfig("TopicA"));
        assertThrows(IllegalStateException.class, meta::topicConfigs);
        assertThrows(IllegalStateException.class, () -> meta.replaceDelayOffsets(Map.of(1, 1L)));
    }
}
