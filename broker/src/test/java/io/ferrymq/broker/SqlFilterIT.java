package io.ferrymq.broker;

import static io.ferrymq.broker.BrokerHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.remoting.protocol.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.MessageSelector;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.factory.MQClientInstance;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQL92 property filtering with the official 4.9.8 push and pull consumers. */
class SqlFilterIT {
    private static final Duration WAIT = Duration.ofSeconds(40);
    private static final String EXPRESSION = "a > 5 AND b = 'x'";
    private static final String[] A_VALUES = {null, "3", "5", "6", "10", "abc", "7.5"};
    private static final String[] B_VALUES = {null, "x", "y"};

    @TempDir
    Path dir;
    private BrokerHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    /** Sends one message per (a, b) combination, {@code round} times; returns the bodies that match EXPRESSION. */
    private static Set<String> sendMixedBatch(DefaultMQProducer producer, String topic, String round) throws Exception {
        Set<String> matching = new HashSet<>();
        for (String a : A_VALUES) {
            for (String b : B_VALUES) {
                String body = round + ":a=" + a + ",b=" + b;
                Message m = new Message(topic, "T", body.getBytes(StandardCharsets.UTF_8));
                if (a != null) {
                    m.putUserProperty("a", a);
                }
                if (b != null) {
                    m.putUserProperty("b", b);
                }
                producer.send(m);
                if ("x".equals(b) && ("6".equals(a) || "10".equals(a) || "7.5".equals(a))) {
                    matching.add(body);
                }
            }
        }
        return matching;
    }

    @Test
    void pushConsumerWithSqlSelectorReceivesExactlyTheMatchingMessages() throws Exception {
        harness = new BrokerHarness(dir);
        String topic = OfficialClients.unique("Sql");
        harness.createTopic(topic, 4);
        DefaultMQProducer producer = harness.producer();
        Set<String> expected = new HashSet<>(sendMixedBatch(producer, topic, "before"));

        String group = OfficialClients.unique("cg");
        Map<String, Integer> received = new ConcurrentHashMap<>();
        Map<String, String> propertiesSeen = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = harness.consumer(group, topic, "*", (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                String body = new String(m.getBody(), StandardCharsets.UTF_8);
                received.merge(body, 1, Integer::sum);
                propertiesSeen.put(body, m.getUserProperty("a") + "/" + m.getUserProperty("b") + "/" + m.getTags());
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.subscribe(topic, MessageSelector.bySql(EXPRESSION));
        consumer.start();
        await("the matching messages sent before the consumer started", WAIT,
                () -> received.keySet().containsAll(expected));
        // these arrive while pulls are parked (long polling)
        expected.addAll(sendMixedBatch(producer, topic, "after"));
        await("the matching messages sent while consuming", WAIT, () -> received.keySet().containsAll(expected));
        // every message, matching or not, is behind the committed offsets: nothing else can still come
        await("committed offsets at the end of every queue", WAIT, () -> {
            for (int q = 0; q < 4; q++) {
                long max = harness.broker.store().maxOffset(topic, q);
                if (harness.broker.offsets().query(group, topic, q) < max) {
                    return false;
                }
            }
            return true;
        });
        assertEquals(expected, received.keySet());
        assertEquals(6, expected.size());
        assertTrue(received.values().stream().allMatch(n -> n == 1), "each delivered once: " + received);
        assertEquals("10/x/T", propertiesSeen.get("after:a=10,b=x"));
    }

    @Test
    @SuppressWarnings("deprecation") // DefaultMQPullConsumer is the 4.9.8 client that sends the expression per pull
    void pullConsumerCarryingTheExpressionGetsOnlyMatchesAndMovesPastTheRest() throws Exception {
        harness = new BrokerHarness(dir);
        String topic = OfficialClients.unique("SqlPull");
        harness.createTopic(topic, 1);
        Set<String> expected = sendMixedBatch(harness.producer(), topic, "r");
        await("dispatch", WAIT, () -> harness.broker.store().maxOffset(topic, 0) == A_VALUES.length * B_VALUES.length);

        DefaultMQPullConsumer consumer = new DefaultMQPullConsumer(OfficialClients.unique("pull"));
        consumer.setNamesrvAddr(harness.namesrvAddr);
        consumer.setVipChannelEnabled(false);
        consumer.setInstanceName(OfficialClients.unique("pull"));
        consumer.start();
        try {
            // the client sends SQL92 pulls only to brokers whose version a heartbeat answer told it
            MQClientInstance client = consumer.getDefaultMQPullConsumerImpl().getRebalanceImpl().getmQClientFactory();
            client.updateTopicRouteInfoFromNameServer(topic);
            client.sendHeartbeatToAllBrokerWithLock();
            MessageQueue mq = new MessageQueue(topic, "broker-it", 0);
            Set<String> got = new HashSet<>();
            long offset = 0;
            for (int round = 0; round < 100 && offset < A_VALUES.length * B_VALUES.length; round++) {
                PullResult r = consumer.pull(mq, MessageSelector.bySql(EXPRESSION), offset, 2);
                if (r.getPullStatus() == PullStatus.FOUND) {
                    r.getMsgFoundList().forEach(m -> got.add(new String(m.getBody(), StandardCharsets.UTF_8)));
                }
                if (offset == 0) {
                    // offsets 0..9 match nothing, 10 (a=6,b=x) and 13 (a=10,b=x) do
                    assertEquals(2, r.getMsgFoundList().size());
                    assertEquals(14, r.getNextBeginOffset());
                }
                offset = r.getNextBeginOffset();
            }
            assertEquals(expected, got);
            assertEquals(A_VALUES.length * B_VALUES.length, offset, "the next offset reached the queue end");
            PullResult none = consumer.pull(mq, MessageSelector.bySql(EXPRESSION), 20, 2);
            assertEquals(PullStatus.NO_MATCHED_MSG, none.getPullStatus());
            assertEquals(21, none.getNextBeginOffset());

            MQBrokerException refused = assertThrows(MQBrokerException.class,
                    () -> consumer.pull(mq, MessageSelector.bySql("a > "), 0, 2));
            assertEquals(ResponseCode.SUBSCRIPTION_PARSE_FAILED, refused.getResponseCode());
            assertTrue(refused.getErrorMessage().contains("position 5"), refused.getErrorMessage());
        } finally {
            consumer.shutdown();
        }
    }

    @Test
    void anInvalidExpressionIsRefusedAtStartAndTheBrokerKeepsServing() throws Exception {
        harness = new BrokerHarness(dir);
        String topic = OfficialClients.unique("SqlBad");
        harness.createTopic(topic, 2);
        DefaultMQPushConsumer bad = harness.consumer(OfficialClients.unique("cg"), topic, "*",
                (msgs, ctx) -> ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
        bad.subscribe(topic, MessageSelector.bySql("a > 5 AND (b = 'x'"));
        MQClientException e = assertThrows(MQClientException.class, bad::start);
        assertEquals(ResponseCode.SUBSCRIPTION_PARSE_FAILED, e.getResponseCode());
        assertTrue(e.getErrorMessage().contains("expected ')'") && e.getErrorMessage().contains("position 19"),
                e.getErrorMessage());

        Set<String> received = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer good = harness.consumer(OfficialClients.unique("cg"), topic, "*", (msgs, ctx) -> {
            msgs.forEach(m -> received.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        good.subscribe(topic, MessageSelector.bySql("b = 'x'"));
        good.start();
        Message m = new Message(topic, "T", "still-served".getBytes(StandardCharsets.UTF_8));
        m.putUserProperty("b", "x");
        harness.producer().send(m);
        await("a valid SQL consumer is served", WAIT, () -> received.contains("still-served"));
    }

    @Test
    void withPropertyFilteringOffSql92IsRefusedWithRocketMqsRemark() throws Exception {
        Properties p = new Properties();
        p.setProperty("enablePropertyFilter", "false");
        harness = new BrokerHarness(dir, p);
        String topic = OfficialClients.unique("SqlOff");
        harness.createTopic(topic, 1);
        DefaultMQPushConsumer consumer = harness.consumer(OfficialClients.unique("cg"), topic, "*",
                (msgs, ctx) -> ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
        consumer.subscribe(topic, MessageSelector.bySql(EXPRESSION));
        MQClientException e = assertThrows(MQClientException.class, consumer::start);
        assertEquals(ResponseCode.SYSTEM_ERROR, e.getResponseCode());
        assertTrue(e.getErrorMessage().contains("The broker does not support consumer to filter message by SQL92"),
                e.getErrorMessage());
    }
}
