package io.ferrymq.namesrv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.remoting.protocol.ResponseCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.protocol.body.ClusterInfo;
import org.apache.rocketmq.common.protocol.body.KVTable;
import org.apache.rocketmq.common.protocol.route.BrokerData;
import org.apache.rocketmq.common.protocol.route.QueueData;
import org.apache.rocketmq.common.protocol.route.TopicRouteData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The official 4.9.8 client reads what brokers registered with FerryMQ's name server. */
class NamesrvOfficialClientIT {
    @TempDir
    Path dir;
    private NamesrvController namesrv;
    private String namesrvAddr;
    private DefaultMQProducer producer;
    private MQClientAPIImpl api;
    private FakeBroker brokerA;

    @BeforeEach
    void start() throws Exception {
        namesrv = startNamesrv(dir.resolve("a"));
        namesrvAddr = "127.0.0.1:" + namesrv.port();
        brokerA = new FakeBroker("DefaultCluster", "broker-a", "127.0.0.1:10911", 0);
        producer = officialProducer(namesrvAddr);
        api = producer.getDefaultMQProducerImpl().getmQClientFactory().getMQClientAPIImpl();
    }

    @AfterEach
    void stop() {
        producer.shutdown();
        brokerA.close();
        namesrv.shutdown();
    }

    static NamesrvController startNamesrv(Path dir) {
        NamesrvController controller = new NamesrvController(new NamesrvConfig().bindAddress("127.0.0.1").listenPort(0)
                .kvConfigPath(dir.resolve("kvConfig.json")));
        controller.start();
        return controller;
    }

    static DefaultMQProducer officialProducer(String namesrvAddr) throws MQClientException {
        DefaultMQProducer producer = new DefaultMQProducer("route_reader_" + System.nanoTime());
        producer.setNamesrvAddr(namesrvAddr);
        producer.setInstanceName("ferrymq-test-" + System.nanoTime());
        producer.start();
        return producer;
    }

    @Test
    void officialClientReadsARegisteredRoute() throws Exception {
        assertEquals(ResponseCode.SUCCESS,
                brokerA.register(namesrvAddr, List.of(FakeBroker.topic("TopicTest", 4), FakeBroker.topic("TBW102", 8)))
                        .getCode());

        TopicRouteData route = api.getTopicRouteInfoFromNameServer("TopicTest", 3000);
        assertEquals(1, route.getBrokerDatas().size());
        BrokerData broker = route.getBrokerDatas().get(0);
        assertEquals("DefaultCluster", broker.getCluster());
        assertEquals("broker-a", broker.getBrokerName());
        assertEquals("127.0.0.1:10911", broker.getBrokerAddrs().get(0L));
        QueueData queues = route.getQueueDatas().get(0);
        assertEquals(4, queues.getReadQueueNums());
        assertEquals(4, queues.getWriteQueueNums());
        assertEquals(6, queues.getPerm());

        List<MessageQueue> publishQueues = producer.fetchPublishMessageQueues("TopicTest");
        assertEquals(4, publishQueues.size());
        assertTrue(publishQueues.stream().allMatch(q -> q.getBrokerName().equals("broker-a")));
    }

    @Test
    void unknownTopicIsTopicNotExist() {
        MQClientException e = assertThrows(MQClientException.class,
                () -> api.getTopicRouteInfoFromNameServer("NoSuchTopic", 3000));
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, e.getResponseCode());
    }

    @Test
    void clusterInfoAndTopicLists() throws Exception {
        brokerA.register(namesrvAddr, List.of(FakeBroker.topic("TopicTest", 4)));
        try (FakeBroker slave = new FakeBroker("DefaultCluster", "broker-a", "127.0.0.1:10921", 1);
             FakeBroker brokerB = new FakeBroker("OtherCluster", "broker-b", "127.0.0.1:10931", 0)) {
            var slaveResponse = slave.register(namesrvAddr, List.of(FakeBroker.topic("TopicTest", 4)));
            assertEquals("127.0.0.1:10911", slaveResponse.ext("masterAddr"));
            brokerB.register(namesrvAddr, List.of(FakeBroker.topic("OnlyOnB", 2)));

            ClusterInfo info = api.getBrokerClusterInfo(3000);
            assertEquals(Set.of("broker-a"), info.getClusterAddrTable().get("DefaultCluster"));
            assertEquals(Set.of("broker-b"), info.getClusterAddrTable().get("OtherCluster"));
            assertEquals("127.0.0.1:10921", info.getBrokerAddrTable().get("broker-a").getBrokerAddrs().get(1L));

            assertEquals(Set.of("TopicTest", "OnlyOnB"), api.getTopicListFromNameServer(3000).getTopicList());
            assertEquals(Set.of("OnlyOnB"), api.getTopicsByCluster("OtherCluster", 3000).getTopicList());

            assertEquals(1, api.wipeWritePermOfBroker(namesrvAddr, "broker-b", 3000));
            assertEquals(4, api.getTopicRouteInfoFromNameServer("OnlyOnB", 3000).getQueueDatas().get(0).getPerm());
            assertEquals(1, api.addWritePermOfBroker(namesrvAddr, "broker-b", 3000));
            assertEquals(6, api.getTopicRouteInfoFromNameServer("OnlyOnB", 3000).getQueueDatas().get(0).getPerm());

            api.deleteTopicInNameServer(namesrvAddr, "OnlyOnB", "OtherCluster", 3000);
            assertThrows(MQClientException.class, () -> api.getTopicRouteInfoFromNameServer("OnlyOnB", 3000));
        }
    }

    @Test
    void kvConfigRoundTripAndSurvivesRestart() throws Exception {
        api.putKVConfigValue("ORDER_TOPIC_CONFIG", "TopicTest", "broker-a:4", 3000);
        assertEquals("broker-a:4", api.getKVConfigValue("ORDER_TOPIC_CONFIG", "TopicTest", 3000));
        KVTable table = api.getKVListByNamespace("ORDER_TOPIC_CONFIG", 3000);
        assertEquals("broker-a:4", table.getTable().get("TopicTest"));

        namesrv.shutdown();
        NamesrvController restarted = startNamesrv(dir.resolve("a"));
        try {
            DefaultMQProducer other = officialProducer("127.0.0.1:" + restarted.port());
            try {
                MQClientAPIImpl otherApi = other.getDefaultMQProducerImpl().getmQClientFactory().getMQClientAPIImpl();
                assertEquals("broker-a:4", otherApi.getKVConfigValue("ORDER_TOPIC_CONFIG", "TopicTest", 3000));
                otherApi.deleteKVConfigValue("ORDER_TOPIC_CONFIG", "TopicTest", 3000);
                MQClientException e = assertThrows(MQClientException.class,
                        () -> otherApi.getKVConfigValue("ORDER_TOPIC_CONFIG", "TopicTest", 3000));
                assertEquals(ResponseCode.QUERY_NOT_FOUND, e.getResponseCode());
            } finally {
                other.shutdown();
            }
        } finally {
            restarted.shutdown();
            namesrv = startNamesrv(dir.resolve("b"));
        }
    }

    @Test
    void namesrvConfigCanBeReadAndSafelyUpdated() throws Exception {
        var configs = api.getNameServerConfig(List.of(namesrvAddr), 3000);
        assertEquals("false", configs.get(namesrvAddr).getProperty("orderMessageEnable"));
        java.util.Properties update = new java.util.Properties();
        update.setProperty("orderMessageEnable", "true");
        api.updateNameServerConfig(update, List.of(namesrvAddr), 3000);
        assertEquals("true", api.getNameServerConfig(List.of(namesrvAddr), 3000).get(namesrvAddr)
                .getProperty("orderMessageEnable"));
        java.util.Properties bad = new java.util.Properties();
        bad.setProperty("listenPort", "1");
        MQClientException e = assertThrows(MQClientException.class,
                () -> api.updateNameServerConfig(bad, List.of(namesrvAddr), 3000));
        assertTrue(e.getMessage().contains("cannot be changed at runtime"), e.getMessage());
    }

    @Test
    void closedBrokerConnectionDropsItsRouteAtOnce() throws Exception {
        brokerA.register(namesrvAddr, List.of(FakeBroker.topic("TopicTest", 4)));
        assertEquals(1, api.getTopicRouteInfoFromNameServer("TopicTest", 3000).getBrokerDatas().size());
        brokerA.disconnect(namesrvAddr);
        awaitTrue(() -> namesrv.routes().pickupTopicRouteData("TopicTest") == null, 5000);
        assertThrows(MQClientException.class, () -> api.getTopicRouteInfoFromNameServer("TopicTest", 3000));
    }

    @Test
    void unregisteredBrokerLeavesTheRoute() throws Exception {
        brokerA.register(namesrvAddr, List.of(FakeBroker.topic("TopicTest", 4)));
        assertEquals(ResponseCode.SUCCESS, brokerA.unregister(namesrvAddr).getCode());
        assertNull(namesrv.routes().pickupTopicRouteData("TopicTest"));
        assertTrue(api.getBrokerClusterInfo(3000).getBrokerAddrTable().isEmpty());
    }

    @Test
    void severalNameServersSideBySide() throws Exception {
        NamesrvController second = startNamesrv(dir.resolve("second"));
        String secondAddr = "127.0.0.1:" + second.port();
        DefaultMQProducer both = officialProducer(namesrvAddr + ";" + secondAddr);
        DefaultMQProducer onlySecond = officialProducer(secondAddr);
        try {
            brokerA.register(namesrvAddr, List.of(FakeBroker.topic("TopicTest", 4)));
            brokerA.register(secondAddr, List.of(FakeBroker.topic("TopicTest", 4)));
            MQClientAPIImpl secondApi = onlySecond.getDefaultMQProducerImpl().getmQClientFactory().getMQClientAPIImpl();
            assertEquals("127.0.0.1:10911",
                    secondApi.getTopicRouteInfoFromNameServer("TopicTest", 3000).getBrokerDatas().get(0)
                            .getBrokerAddrs().get(0L));
            assertEquals(4, both.fetchPublishMessageQueues("TopicTest").size());
        } finally {
            both.shutdown();
            onlySecond.shutdown();
            second.shutdown();
        }
    }

    private static void awaitTrue(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeoutMillis + " ms");
            }
            Thread.sleep(10);
        }
    }
}
