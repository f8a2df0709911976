package io.ferrymq.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.rocketmq.client.QueryResult;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Looking messages up with the official client: by offsetMsgId, by unique id, by business key. */
class MessageLookupIT {
    private static final String TOPIC = "LookupTopic";

    @TempDir
    Path dir;
    private BrokerHarness harness;
    private DefaultMQProducer producer;

    @BeforeEach
    void start() throws Exception {
        harness = new BrokerHarness(dir);
        producer = OfficialClients.producer(harness.namesrvAddr);
    }

    @AfterEach
    void stop() {
        producer.shutdown();
        harness.close();
    }

    @Test
    void byIdAndByKey() throws Exception {
        long begin = System.currentTimeMillis() - 60_000;
        SendResult first = producer.send(new Message(TOPIC, "TagA", "order-1 customer-9",
                "first".getBytes(StandardCharsets.UTF_8)));
        producer.send(new Message(TOPIC, "TagA", "order-2 customer-9", "second".getBytes(StandardCharsets.UTF_8)));

        MessageExt byOffsetId = producer.viewMessage(first.getOffsetMsgId());
        assertEquals("first", new String(byOffsetId.getBody(), StandardCharsets.UTF_8));
        assertEquals(first.getMsgId(), byOffsetId.getMsgId());

        long end = System.currentTimeMillis() + 60_000;
        // the index is written by dispatch, just after the send is acknowledged
        BrokerHarness.await("the unique id indexed", java.time.Duration.ofSeconds(10), () -> {
            try {
                return producer.viewMessage(TOPIC, first.getMsgId()) != null;
            } catch (Exception e) {
                return false;
            }
        });
        MessageExt byUniqueId = producer.viewMessage(TOPIC, first.getMsgId());
        assertEquals("first", new String(byUniqueId.getBody(), StandardCharsets.UTF_8));

        BrokerHarness.await("both messages indexed", java.time.Duration.ofSeconds(10), () -> {
            try {
                return producer.queryMessage(TOPIC, "customer-9", 10, begin, end).getMessageList().size() == 2;
            } catch (Exception e) {
                return false;
            }
        });
        QueryResult byKey = producer.queryMessage(TOPIC, "order-2", 10, begin, end);
        assertEquals(1, byKey.getMessageList().size());
        assertEquals("second", new String(byKey.getMessageList().get(0).getBody(), StandardCharsets.UTF_8));

        MQClientException none = assertThrows(MQClientException.class,
                () -> producer.queryMessage(TOPIC, "no-such-key", 10, begin, end));
        assertTrue(none.getMessage().contains("query message by key finished, but no message"), none.getMessage());
    }
}
