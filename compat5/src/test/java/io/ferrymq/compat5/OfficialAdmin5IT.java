package io.ferrymq.compat5;

import static io.ferrymq.broker.BrokerHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.remoting.protocol.admin.ConsumeStats;
import org.apache.rocketmq.remoting.protocol.admin.TopicStatsTable;
import org.apache.rocketmq.remoting.protocol.body.CMResult;
import org.apache.rocketmq.remoting.protocol.body.ClusterInfo;
import org.apache.rocketmq.remoting.protocol.body.ConsumeMessageDirectlyResult;
import org.apache.rocketmq.remoting.protocol.body.ConsumerConnection;
import org.apache.rocketmq.remoting.protocol.body.ConsumerRunningInfo;
import org.apache.rocketmq.remoting.protocol.route.TopicRouteData;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official 5.x admin API ({@code DefaultMQAdminExt} of {@code rocketmq-tools} 5.2.0, what its
 * {@code mqadmin} runs) against FerryMQ: cluster info, topic create/route/stats/delete, a message by id, a
 * group's progress and connections, a client's running info and direct consumption (through the broker),
 * broker config read and change.
 */
class OfficialAdmin5IT {
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;
    private BrokerHarness harness;
    private DefaultMQAdminExt admin;
    private String brokerAddr;

    @BeforeEach
    void start() throws Exception {
        harness = new BrokerHarness(dir);
        admin = new DefaultMQAdminExt(5000);
        admin.setNamesrvAddr(harness.namesrvAddr);
        admin.setInstanceName("admin5_" + ProcessHandle.current().pid() + "_" + System.nanoTime());
        admin.setVipChannelEnabled(false);
        admin.start();
        harness.onClose(admin::shutdown);
        brokerAddr = harness.broker.address();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void topicsGroupsAndBrokerConfigThroughThe5xAdmin() throws Exception {
        ClusterInfo cluster = admin.examineBrokerClusterInfo();
        assertEquals(Set.of("broker-it"), cluster.getClusterAddrTable().get("DefaultCluster"));
        assertEquals(brokerAddr, cluster.getBrokerAddrTable().get("broker-it").getBrokerAddrs().get(0L));

        String topic = "Admin5Orders_" + System.nanoTime();
        admin.createAndUpdateTopicConfig(brokerAddr, new TopicConfig(topic, 3, 3, 6));
        await("route of " + topic, WAIT, () -> {
            try {
                TopicRouteData route = admin.examineTopicRouteInfo(topic);
                return route.getQueueDatas().get(0).getWriteQueueNums() == 3;
            } catch (Exception e) {
                return false;
            }
        });
        assertTrue(admin.fetchAllTopicList().getTopicList().contains(topic));

        DefaultMQProducer producer = new DefaultMQProducer("admin5_pg");
        producer.setNamesrvAddr(harness.namesrvAddr);
        producer.setInstanceName("admin5_producer_" + System.nanoTime());
        producer.start();
        harness.onClose(producer::shutdown);
        SendResult last = null;
        for (int i = 0; i < 9; i++) {
            last = producer.send(new Message(topic, ("m" + i).getBytes(StandardCharsets.UTF_8)));
        }
        assertEquals("m8", new String(admin.viewMessage(topic, last.getMsgId()).getBody(), StandardCharsets.UTF_8));
        TopicStatsTable stats = admin.examineTopicStats(topic);
        assertEquals(9, stats.getOffsetTable().values().stream().mapToLong(o -> o.getMaxOffset()).sum());

        String group = "admin5_cg_" + System.nanoTime();
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(harness.namesrvAddr);
        consumer.setInstanceName("admin5_consumer_" + System.nanoTime());
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> consumed.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        harness.onClose(consumer::shutdown);
        await("9 consumed", WAIT, () -> consumed.size() == 9);
        AtomicReference<String> lastSeen = new AtomicReference<>("nothing yet");
        try {
            await("the group's progress reaches the end", WAIT, () -> {
                try {
                    ConsumeStats progress = admin.examineConsumeStats(group);
                    lastSeen.set(progress.getOffsetTable().toString());
                    return progress.computeTotalDiff() == 0 && progress.getOffsetTable().keySet().stream()
                            .filter(q -> q.getTopic().equals(topic)).count() == 3;
                } catch (Exception e) {
                    lastSeen.set(e.toString());
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last seen: " + lastSeen.get(), e);
        }
        ConsumerConnection connection = admin.examineConsumerConnectionInfo(group);
        assertEquals(1, connection.getConnectionSet().size());
        assertNotNull(connection.getSubscriptionTable().get(topic));
        String clientId = connection.getConnectionSet().iterator().next().getClientId();
        ConsumerRunningInfo running = admin.getConsumerRunningInfo(group, clientId, false);
        assertTrue(running.getSubscriptionSet().stream().anyMatch(sub -> sub.getTopic().equals(topic)));
        ConsumeMessageDirectlyResult direct = admin.consumeMessageDirectly(group, clientId, topic,
                last.getMsgId());
        assertEquals(CMResult.CR_SUCCESS, direct.getConsumeResult(), direct.toString());

        Properties config = admin.getBrokerConfig(brokerAddr);
        assertEquals("broker-it", config.getProperty("brokerName"));
        Properties change = new Properties();
        change.setProperty("autoCreateSubscriptionGroup", "false");
        admin.updateBrokerConfig(brokerAddr, change);
        assertEquals("false", admin.getBrokerConfig(brokerAddr).getProperty("autoCreateSubscriptionGroup"));

        consumer.shutdown();
        admin.deleteTopicInBroker(Set.of(brokerAddr), topic);
        admin.deleteTopicInNameServer(Set.of(harness.namesrvAddr), topic);
        await("the route of " + topic + " gone", WAIT,
                () -> harness.namesrv.routes().pickupTopicRouteData(topic) == null);
    }
}
