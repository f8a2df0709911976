package io.ferrymq.store.meta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alibaba.fastjson2.JSON;
import io.ferrymq.common.subscription.SubscriptionGroupConfig;
import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.common.topic.TopicFilterType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
            meta.putState("timer", "{\"x\":1}".getBytes(StandardCharsets.UTF_8));
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
        meta.replaceTopicConfigs(List.of(topic("TopicA", 4)), "topics.version", new byte[] {1});
        meta.close();
        meta.close();
        assertThrows(IllegalStateException.class, () -> meta.state("topics.version"));
        assertThrows(IllegalStateException.class, meta::topicConfigs);
        assertThrows(IllegalStateException.class, () -> meta.replaceDelayOffsets(Map.of(1, 1L)));
    }
}
