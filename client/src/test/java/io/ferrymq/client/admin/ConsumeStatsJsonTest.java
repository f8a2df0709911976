package io.ferrymq.client.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.rocketmq.common.admin.OffsetWrapper;
import org.junit.jupiter.api.Test;

/** ConsumeStats bodies as the official 4.9.8 code encodes them (queue objects as map keys). */
class ConsumeStatsJsonTest {
    private static OffsetWrapper wrapper(long broker, long consumer, long last) {
        OffsetWrapper w = new OffsetWrapper();
        w.setBrokerOffset(broker);
        w.setConsumerOffset(consumer);
        w.setLastTimestamp(last);
        return w;
    }

    @Test
    void readsTheOfficialEncoding() {
        org.apache.rocketmq.common.admin.ConsumeStats official = new org.apache.rocketmq.common.admin.ConsumeStats();
        official.getOffsetTable().put(new org.apache.rocketmq.common.message.MessageQueue("T", "broker-a", 0),
                wrapper(10, 7, 1_700_000_000_000L));
        official.getOffsetTable().put(new org.apache.rocketmq.common.message.MessageQueue("T", "broker-a", 1),
                wrapper(5, 5, 0));
        official.setConsumeTps(2.5);
        byte[] body = official.encode();

        Map<MessageQueue, QueueProgress> offsets = new HashMap<>();
        double tps = ConsumeStatsJson.read(body, offsets);
        ConsumeStats stats = new ConsumeStats(offsets, tps);

        assertEquals(2.5, stats.consumeTps());
        assertEquals(new QueueProgress(10, 7, 1_700_000_000_000L), stats.offsets().get(new MessageQueue("T", "broker-a", 0)));
        assertEquals(new QueueProgress(5, 5, 0), stats.offsets().get(new MessageQueue("T", "broker-a", 1)));
        assertEquals(3, stats.totalLag());
    }

    @Test
    void acceptsQueueKeysWrittenAsStrings() {
        String body = "{\"consumeTps\":0,\"offsetTable\":{\"{\\\"brokerName\\\":\\\"b\\\",\\\"queueId\\\":3,"
                + "\\\"topic\\\":\\\"T\\\"}\":{\"brokerOffset\":4,\"consumerOffset\":1,\"pullOffset\":4}}}";
        Map<MessageQueue, QueueProgress> offsets = new HashMap<>();
        ConsumeStatsJson.read(body.getBytes(StandardCharsets.UTF_8), offsets);
        assertEquals(Map.of(new MessageQueue("T", "b", 3), new QueueProgress(4, 1, 0)), offsets);
    }

    @Test
    void malformedBodiesAreRefusedWithAClearError() {
        Map<MessageQueue, QueueProgress> offsets = new HashMap<>();
        assertThrows(ClientException.class, () -> ConsumeStatsJson.read(new byte[0], offsets));
        assertThrows(ClientException.class, () -> ConsumeStatsJson.read("{\"offsetTable\":[1,2]}"
                .getBytes(StandardCharsets.UTF_8), offsets));
        assertThrows(ClientException.class, () -> ConsumeStatsJson.read("{\"offsetTable\":{{\"queueId\":1}:{}}}"
                .getBytes(StandardCharsets.UTF_8), offsets));
        assertThrows(ClientException.class, () -> ConsumeStatsJson.read("not json"
                .getBytes(StandardCharsets.UTF_8), offsets));
    }
}
