package io.ferrymq.broker;

import static io.ferrymq.broker.BrokerHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.store.GetResult;
import io.ferrymq.store.GetStatus;
import io.ferrymq.store.MessageFilter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timer messages (RocketMQ 5's TIMER_DELAY_SEC / TIMER_DELIVER_MS) sent by the official 4.9.8 producer as
 * user properties: held until their time, delivered once, across a broker restart too.
 */
class TimerMessageIT {
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;
    private BrokerHarness harness;
    private String topic;
    private final Map<String, MessageExt> received = new ConcurrentHashMap<>();
    private final Map<String, Long> arrivedAtMillis = new ConcurrentHashMap<>();
    private final Map<String, Integer> deliveries = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        harness = new BrokerHarness(dir);
        topic = OfficialClients.unique("Timer");
        harness.broker.topics().update(new TopicConfig(topic, 2, 2, 6));
        await("route of " + topic, WAIT, () -> harness.namesrv.routes().pickupTopicRouteData(topic) != null);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private DefaultMQPushConsumer startConsumer() throws Exception {
        DefaultMQPushConsumer c = harness.consumer(OfficialClients.unique("cg"), topic, "*", (msgs, ctx) -> {
            long now = System.currentTimeMillis();
            for (MessageExt m : msgs) {
                String body = new String(m.getBody(), StandardCharsets.UTF_8);
                received.put(body, m);
                arrivedAtMillis.putIfAbsent(body, now);
                deliveries.merge(body, 1, Integer::sum);
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        c.start();
        return c;
    }

    private static Message timer(String topic, String body, String property, String value) {
        Message m = new Message(topic, "TagT", "key-" + body, body.getBytes(StandardCharsets.UTF_8));
        m.putUserProperty(property, value); // 4.9.8 does not reserve the 5.x timer names
        m.putUserProperty("custom", "c-" + body);
        return m;
    }

    /** Copies of each body in the topic's queues, read from the store. */
    private Map<String, Integer> stored() {
        Map<String, Integer> copies = new HashMap<>();
        for (int q = 0; q < 2; q++) {
            long offset = 0;
            while (true) {
                try (GetResult r = harness.broker.store().getMessages(topic, q, offset, 32, 1 << 20, MessageFilter.ALL)) {
                    if (r.status() != GetStatus.FOUND) {
                        break;
                    }
                    for (ByteBuffer b : r.messages()) {
                        MessageExt m = MessageDecoder.decode(b.duplicate(), true, false);
                        copies.merge(new String(m.getBody(), StandardCharsets.UTF_8), 1, Integer::sum);
                    }
                    offset = r.nextBeginOffset();
                }
            }
        }
        return copies;
    }

    @Test
    void relativeAndAbsoluteTimersArriveAtTheirTimeNotBeforeAndOnce() throws Exception {
        DefaultMQProducer producer = harness.producer();
        startConsumer();
        producer.send(new Message(topic, "TagT", "warm-up".getBytes(StandardCharsets.UTF_8)));
        await("consumer ready", WAIT, () -> received.containsKey("warm-up"));

        long sentAt = System.currentTimeMillis();
        SendResult relative = producer.send(timer(topic, "in-3s", "TIMER_DELAY_SEC", "3"));
        long deliverAt = System.currentTimeMillis() + 2_000;
        producer.send(timer(topic, "at-2s", "TIMER_DELIVER_MS", Long.toString(deliverAt)));
        if (System.currentTimeMillis() < deliverAt) {
            assertEquals(1, harness.broker.store().maxOffset(topic, 0) + harness.broker.store().maxOffset(topic, 1),
                    "only the warm-up is in the topic while the timers wait");
        }

        await("both timers", WAIT, () -> received.containsKey("in-3s") && received.containsKey("at-2s"));
        assertTrue(arrivedAtMillis.get("in-3s") >= sentAt + 3_000,
                "TIMER_DELAY_SEC=3 arrived " + (arrivedAtMillis.get("in-3s") - sentAt) + " ms after sending");
        assertTrue(arrivedAtMillis.get("at-2s") >= deliverAt,
                "TIMER_DELIVER_MS arrived " + (deliverAt - arrivedAtMillis.get("at-2s")) + " ms early");
        assertTrue(arrivedAtMillis.get("in-3s") < sentAt + 3_000 + 15_000, "far too late");

        MessageExt m = received.get("in-3s");
        assertEquals(topic, m.getTopic());
        assertEquals("TagT", m.getTags());
        assertEquals("key-in-3s", m.getKeys());
        assertEquals("c-in-3s", m.getUserProperty("custom"));
        assertEquals(relative.getMsgId(), m.getMsgId(), "the unique id the producer got back");

        await("nothing pending", WAIT, () -> harness.broker.timers().pendingCount() == 0);
        assertEquals(Map.of("warm-up", 1, "in-3s", 1, "at-2s", 1), stored());
        assertEquals(1, deliveries.get("in-3s"));
    }

    @Test
    void pendingTimersSurviveABrokerRestartAndAreDeliveredOnce() throws Exception {
        DefaultMQProducer producer = harness.producer();
        for (int i = 1; i <= 6; i++) {
            producer.send(timer(topic, "t" + i, "TIMER_DELAY_MS", Long.toString(i * 2_000L)));
        }
        await("the first timers delivered", WAIT, () -> stored().size() >= 2);
        assertTrue(stored().size() < 6, "the restart should find timers still pending: " + stored());
        harness.restartBroker();
        await("every timer delivered", WAIT, () -> stored().size() == 6);
        await("nothing pending", WAIT, () -> harness.broker.timers().pendingCount() == 0);
        stored().forEach((body, copies) -> assertEquals(1, copies, body + " stored " + copies + " times"));

        startConsumer();
        await("the consumer gets all six", WAIT, () -> received.size() == 6);
    }

    @Test
    void aTimeInThePastIsDeliveredAtOnce() throws Exception {
        DefaultMQProducer producer = harness.producer();
        startConsumer();
        long sentAt = System.currentTimeMillis();
        producer.send(timer(topic, "past", "TIMER_DELIVER_MS", Long.toString(sentAt - 60_000)));
        assertEquals(0, harness.broker.store().maxOffset(SystemTopics.TIMER_TOPIC, 0), "not parked");
        await("the past timer", WAIT, () -> received.containsKey("past"));
    }

    @Test
    void aTimeBeyondTimerMaxDelaySecIsRefused() throws Exception {
        DefaultMQProducer producer = harness.producer();
        MQBrokerException e = assertThrows(MQBrokerException.class,
                () -> producer.send(timer(topic, "far", "TIMER_DELAY_SEC", Long.toString(4 * 86_400))));
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, e.getResponseCode());
        assertTrue(e.getErrorMessage().contains("timer message illegal"), e.getErrorMessage());
        assertTrue(e.getErrorMessage().contains("259200000ms"), e.getErrorMessage());
        MQBrokerException bad = assertThrows(MQBrokerException.class,
                () -> producer.send(timer(topic, "bad", "TIMER_DELIVER_MS", "tomorrow")));
        assertEquals(ResponseCode.MESSAGE_ILLEGAL, bad.getResponseCode());
        assertEquals(0, harness.broker.store().maxOffset(SystemTopics.TIMER_TOPIC, 0));
        assertEquals(Map.of(), stored());
    }

    @Test
    void aCommittedTransactionalTimerStartsAtTheCommit() throws Exception {
        startConsumer();
        long[] committedAt = new long[1];
        TransactionMQProducer producer = new TransactionMQProducer(OfficialClients.unique("txp"));
        producer.setNamesrvAddr(harness.namesrvAddr);
        producer.setVipChannelEnabled(false);
        producer.setInstanceName(OfficialClients.unique("txp"));
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                committedAt[0] = System.currentTimeMillis();
                return LocalTransactionState.COMMIT_MESSAGE;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                return LocalTransactionState.COMMIT_MESSAGE;
            }
        });
        producer.start();
        try {
            producer.sendMessageInTransaction(timer(topic, "tx-in-2s", "TIMER_DELAY_SEC", "2"), null);
            await("the committed timer", WAIT, () -> received.containsKey("tx-in-2s"));
            assertTrue(arrivedAtMillis.get("tx-in-2s") >= committedAt[0] + 2_000,
                    "arrived " + (arrivedAtMillis.get("tx-in-2s") - committedAt[0]) + " ms after the commit");
        } finally {
            producer.shutdown();
        }
    }
}
