package io.ferrymq.client.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerHarness;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.common.message.Message;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.remoting.protocol.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin client against the in-process name server and broker. */
class AdminClientIT {
    private static final String CLUSTER = "DefaultCluster";

    @TempDir
    Path dir;
    private BrokerHarness harness;
    private AdminClient admin;

    @BeforeEach
    void start() throws Exception {
        harness = new BrokerHarness(dir);
        admin = AdminClient.create(harness.namesrvAddr);
    }

    @AfterEach
    void stop() {
        admin.close();
        harness.close();
    }

    private boolean hasRoute(String topic) {
        try {
            return admin.route(topic).queues().stream().anyMatch(q -> q.writeQueueNums() == 3);
        } catch (ClientException e) {
            return false;
        }
    }

    @Test
    void topicIsCreatedListedRoutedAndDeleted() throws Exception {
        List<BrokerInfo> brokers = admin.clusters().get(CLUSTER);
        assertEquals(1, brokers.size());
        assertEquals("broker-it", brokers.get(0).brokerName());
        assertTrue(brokers.get(0).masterAddr().startsWith("127.0.0.1:"));

        String topic = "AdminTopic";
        admin.createOrUpdateTopic(CLUSTER, TopicSettings.of(topic, 3));
        BrokerHarness.await("the new topic's route", Duration.ofSeconds(10), () -> hasRoute(topic));
        assertTrue(admin.topics().contains(topic));
        TopicRouteView route = admin.route(topic);
        assertEquals(List.of(new QueueInfo("broker-it", 3, 3, 6)), route.queues());
        assertEquals(brokers, route.brokers());

        admin.deleteTopic(CLUSTER, topic);
        BrokerHarness.await("the topic gone from the name server", Duration.ofSeconds(10),
                () -> !admin.topics().contains(topic));
        ClientException noRoute = assertThrows(ClientException.class, () -> admin.route(topic));
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, noRoute.responseCode());

        assertThrows(IllegalArgumentException.class,
                () -> admin.createOrUpdateTopic(CLUSTER, TopicSettings.of("bad topic", 1)));
        ClientException noCluster = assertThrows(ClientException.class,
                () -> admin.createOrUpdateTopic("NoSuchCluster", TopicSettings.of("T", 1)));
        assertTrue(noCluster.getMessage().contains("NoSuchCluster"), noCluster.getMessage());
    }

    @Test
    void messagesAreFoundByIdUniqueIdAndKeyAndCountedByOffsets() throws Exception {
        String topic = "AdminLookupTopic";
        long begin = System.currentTimeMillis() - 60_000;
        List<SendResult> sent = new ArrayList<>();
        try (Producer producer = Producer.builder("admin-it-producer").config(ClientConfig.builder()
                .namesrvAddr(harness.namesrvAddr).instanceName("admin-" + System.nanoTime()).build()).build()) {
            for (int i = 0; i < 5; i++) {
                sent.add(producer.send(new Message(topic, "TagA", "order-" + i + " customer-9",
                        ("body-" + i).getBytes(StandardCharsets.UTF_8))));
            }
        }
        long end = System.currentTimeMillis() + 60_000;

        MessageExt byOffsetId = admin.viewMessage(sent.get(0).offsetMsgId());
        assertEquals("body-0", new String(byOffsetId.getBody(), StandardCharsets.UTF_8));
        assertEquals(sent.get(0).msgId(), byOffsetId.getMsgId());

        // the index is written by dispatch, just after the send is acknowledged
        BrokerHarness.await("every message indexed", Duration.ofSeconds(10),
                () -> admin.queryByKey(topic, "customer-9", 32, begin, end).size() == 5);
        Optional<MessageExt> byUniqueId = admin.viewMessageByUniqueId(topic, sent.get(2).msgId());
        assertEquals("body-2", new String(byUniqueId.orElseThrow().getBody(), StandardCharsets.UTF_8));
        assertFalse(admin.viewMessageByUniqueId(topic, "0A0000010000000000000000000000FF").isPresent());

        List<MessageExt> byKey = admin.queryByKey(topic, "order-3", 32, begin, end);
        assertEquals(1, byKey.size());
        assertEquals("body-3", new String(byKey.get(0).getBody(), StandardCharsets.UTF_8));
        assertTrue(admin.queryByKey(topic, "no-such-key", 32, begin, end).isEmpty());

        long total = 0;
        for (QueueInfo q : admin.route(topic).queues()) {
            for (int id = 0; id < q.readQueueNums(); id++) {
                MessageQueue queue = new MessageQueue(topic, q.brokerName(), id);
                assertEquals(0, admin.minOffset(queue));
                total += admin.maxOffset(queue);
            }
        }
        assertEquals(5, total);
        assertThrows(IllegalArgumentException.class, () -> admin.viewMessage("not-an-id"));
    }
}
