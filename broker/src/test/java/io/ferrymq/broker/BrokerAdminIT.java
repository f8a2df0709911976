package io.ferrymq.broker;

import static io.ferrymq.broker.BrokerHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.remoting.netty.NettyClientConfig;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPullConsumer;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.admin.ConsumeStats;
import org.apache.rocketmq.common.admin.OffsetWrapper;
import org.apache.rocketmq.common.admin.TopicOffset;
import org.apache.rocketmq.common.admin.TopicStatsTable;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.common.protocol.body.CMResult;
import org.apache.rocketmq.common.protocol.body.Connection;
import org.apache.rocketmq.common.protocol.body.ConsumeMessageDirectlyResult;
import org.apache.rocketmq.common.protocol.body.ConsumerConnection;
import org.apache.rocketmq.common.protocol.body.ConsumerOffsetSerializeWrapper;
import org.apache.rocketmq.common.protocol.body.ConsumerRunningInfo;
import org.apache.rocketmq.common.protocol.body.KVTable;
import org.apache.rocketmq.common.protocol.body.ProducerConnection;
import org.apache.rocketmq.common.protocol.heartbeat.MessageModel;
import org.apache.rocketmq.common.subscription.SubscriptionGroupConfig;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker's admin requests, driven through the official 4.9.8 admin API ({@code DefaultMQAdminExt}). */
class BrokerAdminIT {
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
        admin.setInstanceName(OfficialClients.unique("admin"));
        admin.setVipChannelEnabled(false);
        admin.start();
        harness.onClose(admin::shutdown);
        brokerAddr = harness.broker.address();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private void awaitRoute(String topic) throws InterruptedException {
        await("route of " + topic, WAIT, () -> harness.namesrv.routes().pickupTopicRouteData(topic) != null);
    }

    private static Message message(String topic, int i) {
        return new Message(topic, "TagA", "key-" + i, ("body-" + i).getBytes(StandardCharsets.UTF_8));
    }

    /** Sends {@code count} messages; returns how many went to each queue id. */
    private static Map<Integer, Integer> send(DefaultMQProducer producer, String topic, int from, int count,
                                              Map<Integer, Integer> perQueue) throws Exception {
        for (int i = from; i < from + count; i++) {
            SendResult r = producer.send(message(topic, i));
            assertEquals(SendStatus.SEND_OK, r.getSendStatus());
            perQueue.merge(r.getMessageQueue().getQueueId(), 1, Integer::sum);
        }
        return perQueue;
    }

    private static long totalConsumerOffset(ConsumeStats stats, String topic) {
        return stats.getOffsetTable().entrySet().stream().filter(e -> e.getKey().getTopic().equals(topic))
                .mapToLong(e -> e.getValue().getConsumerOffset()).sum();
    }

    private ConsumeStats consumeStatsOrNull(String group) {
        try {
            return admin.examineConsumeStats(group);
        } catch (Exception e) {
            return null;
        }
    }

    @Test
    void topicStatsConsumeProgressAndRuntimeStatsFollowSendsAndConsumption() throws Exception {
        String topic = OfficialClients.unique("AdminStats");
        String group = OfficialClients.unique("cg");
        harness.createTopic(topic, 4);
        DefaultMQProducer producer = harness.producer();
        long before = System.currentTimeMillis();
        Map<Integer, Integer> sent = send(producer, topic, 0, 20, new HashMap<>());
        awaitStored(topic, 20);

        TopicStatsTable topicStats = admin.examineTopicStats(topic);
        assertEquals(4, topicStats.getOffsetTable().size());
        for (Map.Entry<MessageQueue, TopicOffset> e : topicStats.getOffsetTable().entrySet()) {
            int queueId = e.getKey().getQueueId();
            assertEquals("broker-it", e.getKey().getBrokerName());
            assertEquals(0, e.getValue().getMinOffset());
            assertEquals(sent.getOrDefault(queueId, 0).longValue(), e.getValue().getMaxOffset(), "queue " + queueId);
            if (sent.containsKey(queueId)) {
                long ts = e.getValue().getLastUpdateTimestamp();
                assertTrue(ts >= before - 1000 && ts <= System.currentTimeMillis() + 1000, "store time " + ts);
            }
        }

        // consume the first 20, remembering the store time of the last consumed message per queue
        Map<Integer, Long> lastStoreTime = new ConcurrentHashMap<>();
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = harness.consumer(group, topic, "*", (msgs, ctx) -> {
            for (MessageExt m : msgs) {
                consumed.add(new String(m.getBody(), StandardCharsets.UTF_8));
                lastStoreTime.merge(m.getQueueId(), m.getStoreTimestamp(), Math::max);
            }
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.setAwaitTerminationMillisWhenShutdown(10_000);
        consumer.start();
        await("20 consumed", WAIT, () -> consumed.size() == 20);
        consumer.shutdown(); // finishes consumption, then commits the offsets
        await("offsets of 20 committed", WAIT, () -> {
            ConsumeStats s = consumeStatsOrNull(group);
            return s != null && totalConsumerOffset(s, topic) == 20;
        });

        // 15 more stay in the backlog
        send(producer, topic, 20, 15, sent);
        awaitStored(topic, 35);
        ConsumeStats progress = admin.examineConsumeStats(group);
        assertEquals(15, progress.computeTotalDiff());
        assertTrue(progress.getConsumeTps() > 0, "consumeTps " + progress.getConsumeTps());
        for (Map.Entry<MessageQueue, OffsetWrapper> e : progress.getOffsetTable().entrySet()) {
            if (!e.getKey().getTopic().equals(topic)) {
                assertEquals(SystemTopics.retryTopic(group), e.getKey().getTopic());
                continue;
            }
            int queueId = e.getKey().getQueueId();
            OffsetWrapper w = e.getValue();
            assertEquals(sent.getOrDefault(queueId, 0).longValue(), w.getBrokerOffset(), "queue " + queueId);
            assertEquals(lastStoreTime.getOrDefault(queueId, 0L).longValue(), w.getLastTimestamp(),
                    "last consumed store time of queue " + queueId);
        }
        assertEquals(4, progress.getOffsetTable().keySet().stream().filter(q -> q.getTopic().equals(topic)).count());

        await("35 messages counted as stored", WAIT, () -> runtimeStat("msgPutTotalTodayNow") == 35);
        KVTable runtime = admin.fetchBrokerRuntimeStats(brokerAddr);
        Map<String, String> kv = runtime.getTable();
        assertEquals("409", kv.get("brokerVersion"));
        assertEquals("V4_9_8", kv.get("brokerVersionDesc"));
        assertTrue(Long.parseLong(kv.get("msgGetTotalTodayNow")) >= 20, kv.get("msgGetTotalTodayNow"));
        assertTrue(Double.parseDouble(kv.get("putTps").split(" ")[0]) > 0, kv.get("putTps"));
        assertEquals(3, kv.get("getTransferedTps").split(" ").length, kv.get("getTransferedTps"));
        long bootTimestamp = Long.parseLong(kv.get("bootTimestamp"));
        assertTrue(bootTimestamp >= before - 60_000 && bootTimestamp <= System.currentTimeMillis());
        assertTrue(kv.get("runtime").matches("\\[ 0 days, 0 hours, \\d+ minutes, \\d+ seconds \\]"), kv.get("runtime"));
        assertEquals(harness.broker.store().commitLog().maxOffset(), Long.parseLong(kv.get("commitLogMaxOffset")));
        assertEquals(0, Long.parseLong(kv.get("commitLogMinOffset")));
        double diskRatio = Double.parseDouble(kv.get("commitLogDiskRatio"));
        assertTrue(diskRatio > 0 && diskRatio <= 1, "commitLogDiskRatio " + diskRatio);
        assertTrue(kv.get("commitLogDirCapacity").startsWith("Total : "), kv.get("commitLogDirCapacity"));
        assertEquals("10000", kv.get("sendThreadPoolQueueCapacity"));

        assertTrue(admin.queryTopicConsumeByWho(topic).getGroupList().contains(group));
    }

    /** Sends are acknowledged once stored; queue offsets move when dispatch has indexed them. */
    private void awaitStored(String topic, long messages) throws InterruptedException {
        await(messages + " messages indexed in " + topic, WAIT, () -> {
            try {
                return admin.examineTopicStats(topic).getOffsetTable().values().stream()
                        .mapToLong(TopicOffset::getMaxOffset).sum() == messages;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private long runtimeStat(String key) {
        try {
            return Long.parseLong(admin.fetchBrokerRuntimeStats(brokerAddr).getTable().get(key));
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void connectionsOfLiveProducersAndConsumers() throws Exception {
        String topic = OfficialClients.unique("AdminConn");
        String group = OfficialClients.unique("cg");
        harness.createTopic(topic, 2);
        DefaultMQProducer producer = harness.producer();
        producer.send(message(topic, 0));
        DefaultMQPushConsumer consumer = harness.consumer(group, topic, "TagA || TagB",
                (msgs, ctx) -> ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
        consumer.start();
        awaitRoute(SystemTopics.retryTopic(group));

        ConsumerConnection cc = admin.examineConsumerConnectionInfo(group);
        assertEquals(1, cc.getConnectionSet().size());
        Connection c = cc.getConnectionSet().iterator().next();
        assertEquals(consumer.buildMQClientId(), c.getClientId());
        assertEquals("JAVA", c.getLanguage().name());
        assertEquals(409, c.getVersion());
        assertTrue(c.getClientAddr().startsWith("127.0.0.1:"), c.getClientAddr());
        assertEquals(MessageModel.CLUSTERING, cc.getMessageModel());
        assertEquals("CONSUME_PASSIVELY", cc.getConsumeType().name());
        assertEquals("CONSUME_FROM_FIRST_OFFSET", cc.getConsumeFromWhere().name());
        assertEquals("TagA || TagB", cc.getSubscriptionTable().get(topic).getSubString());
        assertEquals(Set.of("TagA", "TagB"), cc.getSubscriptionTable().get(topic).getTagsSet());
        assertTrue(cc.getSubscriptionTable().containsKey(SystemTopics.retryTopic(group)));

        // the producer registers with its first heartbeat after learning the route
        await("producer registered", WAIT, () -> {
            try {
                return !admin.examineProducerConnectionInfo(producer.getProducerGroup(), topic).getConnectionSet()
                        .isEmpty();
            } catch (Exception e) {
                return false;
            }
        });
        ProducerConnection pc = admin.examineProducerConnectionInfo(producer.getProducerGroup(), topic);
        assertEquals(1, pc.getConnectionSet().size());
        assertEquals(producer.buildMQClientId(), pc.getConnectionSet().iterator().next().getClientId());

        consumer.shutdown();
        await("consumer group offline", WAIT, () -> {
            try {
                admin.examineConsumerConnectionInfo(group);
                return false;
            } catch (MQBrokerException e) {
                return e.getResponseCode() == ResponseCode.CONSUMER_NOT_ONLINE;
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    @SuppressWarnings("deprecation")
    void subscriptionGroupsAreStoredServedAndApplied() throws Exception {
        String topic = OfficialClients.unique("AdminSub");
        harness.createTopic(topic, 1);
        DefaultMQProducer producer = harness.producer();
        SendResult sent = producer.send(message(topic, 0));

        // consumeEnable=false refuses pulls with NO_PERMISSION; enabling it again lets them through
        String stopped = OfficialClients.unique("stopped");
        SubscriptionGroupConfig config = new SubscriptionGroupConfig();
        config.setGroupName(stopped);
        config.setConsumeEnable(false);
        config.setRetryMaxTimes(5);
        config.setConsumeBroadcastEnable(false);
        admin.createAndUpdateSubscriptionGroupConfig(brokerAddr, config);
        SubscriptionGroupConfig read = admin.examineSubscriptionGroupConfig(brokerAddr, stopped);
        assertNotNull(read);
        assertEquals(5, read.getRetryMaxTimes());
        assertEquals(false, read.isConsumeEnable());
        assertEquals(false, read.isConsumeBroadcastEnable());
        assertEquals(1, read.getRetryQueueNums());

        DefaultMQPullConsumer puller = new DefaultMQPullConsumer(stopped);
        puller.setNamesrvAddr(harness.namesrvAddr);
        puller.setInstanceName(OfficialClients.unique("puller"));
        puller.start();
        harness.onClose(puller::shutdown);
        MessageQueue mq = new MessageQueue(topic, "broker-it", 0);
        MQBrokerException refused = assertThrows(MQBrokerException.class, () -> puller.pull(mq, "*", 0, 32));
        assertEquals(ResponseCode.NO_PERMISSION, refused.getResponseCode());
        assertTrue(refused.getErrorMessage().contains(stopped), refused.getErrorMessage());
        config.setConsumeEnable(true);
        admin.createAndUpdateSubscriptionGroupConfig(brokerAddr, config);
        PullResult pulled = puller.pull(mq, "*", 0, 32);
        assertEquals(PullStatus.FOUND, pulled.getPullStatus());
        assertEquals(1, pulled.getMsgFoundList().size());

        // retryQueueNums sizes the retry topic made at the first heartbeat; retryMaxTimes decides send-back's DLQ
        String retrying = OfficialClients.unique("retrying");
        SubscriptionGroupConfig retryConfig = new SubscriptionGroupConfig();
        retryConfig.setGroupName(retrying);
        retryConfig.setRetryQueueNums(3);
        retryConfig.setRetryMaxTimes(0);
        admin.createAndUpdateSubscriptionGroupConfig(brokerAddr, retryConfig);
        DefaultMQPushConsumer consumer = harness.consumer(retrying, topic, "*",
                (msgs, ctx) -> ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
        consumer.start();
        awaitRoute(SystemTopics.retryTopic(retrying));
        assertEquals(3, admin.examineTopicStats(SystemTopics.retryTopic(retrying)).getOffsetTable().size());
        NettyRemotingClient raw = new NettyRemotingClient(new NettyClientConfig());
        try {
            // a client older than V3_4_9 sends no maxReconsumeTimes: the group's retryMaxTimes (0) decides
            RemotingCommand back = RemotingCommand.createRequest(RequestCode.CONSUMER_SEND_MSG_BACK)
                    .putExt("offset", MessageDecoder.decodeMessageId(sent.getOffsetMsgId()).getOffset())
                    .putExt("group", retrying).putExt("delayLevel", 0L)
                    .putExt("originMsgId", sent.getMsgId()).putExt("originTopic", topic);
            back.setVersion(100);
            assertEquals(ResponseCode.SUCCESS, raw.invokeSync(brokerAddr, back, 5000).getCode());
        } finally {
            raw.shutdown();
        }
        String dlq = SystemTopics.dlqTopic(retrying);
        awaitRoute(dlq);
        await("dead letter stored", WAIT, () -> {
            try {
                return admin.examineTopicStats(dlq).getOffsetTable().values().stream()
                        .mapToLong(TopicOffset::getMaxOffset).sum() == 1;
            } catch (Exception e) {
                return false;
            }
        });

        // kept across a restart, then deleted
        harness.restartBroker();
        SubscriptionGroupConfig afterRestart = admin.examineSubscriptionGroupConfig(brokerAddr, retrying);
        assertNotNull(afterRestart);
        assertEquals(3, afterRestart.getRetryQueueNums());
        assertEquals(0, afterRestart.getRetryMaxTimes());
        admin.deleteSubscriptionGroup(brokerAddr, stopped);
        assertNull(admin.examineSubscriptionGroupConfig(brokerAddr, stopped));
        assertNotNull(admin.examineSubscriptionGroupConfig(brokerAddr, retrying));
    }

    @Test
    void brokerConfigAndProgressTables() throws Exception {
        Properties config = admin.getBrokerConfig(brokerAddr);
        assertEquals("broker-it", config.getProperty("brokerName"));
        assertEquals("DefaultCluster", config.getProperty("brokerClusterName"));
        assertEquals(BrokerHarness.FAST_DELAY_LEVELS, config.getProperty("messageDelayLevel"));
        assertEquals(dir.resolve("store").toString(), config.getProperty("storePathRootDir"));

        String topic = OfficialClients.unique("AdminTables");
        String group = OfficialClients.unique("cg");
        harness.createTopic(topic, 1);
        DefaultMQProducer producer = harness.producer();
        Message delayed = message(topic, 0);
        delayed.setDelayTimeLevel(2);
        producer.send(delayed);
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = harness.consumer(group, topic, "*", (msgs, ctx) -> {
            msgs.forEach(m -> consumed.add(m.getMsgId()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.setAwaitTerminationMillisWhenShutdown(10_000);
        consumer.start();
        await("delayed message consumed", WAIT, () -> consumed.size() == 1);
        consumer.shutdown(); // commits the offset

        NettyRemotingClient raw = new NettyRemotingClient(new NettyClientConfig());
        try {
            await("consumer offset 1 listed", WAIT, () -> {
                RemotingCommand r = raw.invokeSync(brokerAddr,
                        RemotingCommand.createRequest(RequestCode.GET_ALL_CONSUMER_OFFSET), 5000);
                ConsumerOffsetSerializeWrapper offsets = ConsumerOffsetSerializeWrapper.decode(r.getBody(),
                        ConsumerOffsetSerializeWrapper.class);
                Map<Integer, Long> queues = offsets.getOffsetTable().get(topic + "@" + group);
                return queues != null && queues.get(0) == 1L;
            });
            RemotingCommand delays = raw.invokeSync(brokerAddr,
                    RemotingCommand.createRequest(RequestCode.GET_ALL_DELAY_OFFSET), 5000);
            assertEquals(ResponseCode.SUCCESS, delays.getCode());
            String json = new String(delays.getBody(), StandardCharsets.UTF_8);
            assertTrue(json.contains("\"2\":1"), json);
            assertTrue(json.contains("\"1\":0"), json);
        } finally {
            raw.shutdown();
        }
    }

    @Test
    void updateBrokerConfigChangesLiveSettingsAndRefusesTheRest() throws Exception {
        String topic = OfficialClients.unique("AdminPerm");
        harness.createTopic(topic, 2);
        awaitRoute(topic);
        DefaultMQProducer producer = harness.producer();
        send(producer, topic, 0, 2, new HashMap<>());

        Properties readOnly = new Properties();
        readOnly.setProperty("brokerPermission", "4");
        admin.updateBrokerConfig(brokerAddr, readOnly);
        assertEquals("4", admin.getBrokerConfig(brokerAddr).getProperty("brokerPermission"));
        await("the route says read-only", WAIT, () -> {
            TopicRouteData route = harness.namesrv.routes().pickupTopicRouteData(topic);
            return route != null && route.getQueueDatas().stream().allMatch(q -> q.getPerm() == 4);
        });
        MQBrokerException refused = assertThrows(MQBrokerException.class,
                () -> producer.send(message(topic, 9), new MessageQueue(topic, "broker-it", 0)));
        assertEquals(ResponseCode.NO_PERMISSION, refused.getResponseCode());

        Properties readWrite = new Properties();
        readWrite.setProperty("brokerPermission", "6");
        admin.updateBrokerConfig(brokerAddr, readWrite);
        await("the route says read-write", WAIT, () -> harness.namesrv.routes().pickupTopicRouteData(topic)
                .getQueueDatas().stream().allMatch(q -> q.getPerm() == 6));
        send(producer, topic, 2, 2, new HashMap<>());

        Properties fixed = new Properties();
        fixed.setProperty("listenPort", "1234");
        MQBrokerException notLive = assertThrows(MQBrokerException.class,
                () -> admin.updateBrokerConfig(brokerAddr, fixed));
        assertTrue(notLive.getErrorMessage().contains("listenPort cannot change while the broker runs"),
                notLive.getErrorMessage());
        Properties bad = new Properties();
        bad.setProperty("autoCreateTopicEnable", "false");
        bad.setProperty("brokerPermission", "99");
        MQBrokerException badValue = assertThrows(MQBrokerException.class,
                () -> admin.updateBrokerConfig(brokerAddr, bad));
        assertTrue(badValue.getErrorMessage().contains("brokerPermission"), badValue.getErrorMessage());
        assertEquals("true", admin.getBrokerConfig(brokerAddr).getProperty("autoCreateTopicEnable"),
                "nothing of a refused update applies");
    }

    @Test
    void resetOffsetByTimestampRewindsAnOnlineGroupAndRefusesAnOfflineOne() throws Exception {
        String topic = OfficialClients.unique("AdminReset");
        String group = OfficialClients.unique("cg");
        harness.createTopic(topic, 2);
        long before = System.currentTimeMillis() - 1_000;
        DefaultMQProducer producer = harness.producer();
        send(producer, topic, 0, 10, new HashMap<>());
        AtomicInteger deliveries = new AtomicInteger();
        DefaultMQPushConsumer consumer = harness.consumer(group, topic, "*", (msgs, ctx) -> {
            deliveries.addAndGet(msgs.size());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        await("10 consumed", WAIT, () -> deliveries.get() >= 10);

        Map<MessageQueue, Long> reset = admin.resetOffsetByTimestamp(topic, group, before, true);
        assertEquals(2, reset.size(), reset.toString());
        assertTrue(reset.values().stream().allMatch(o -> o == 0L), reset.toString());
        await("all 10 consumed again after the reset", WAIT, () -> deliveries.get() >= 20);

        consumer.shutdown();
        MQClientException offline = assertThrows(MQClientException.class,
                () -> admin.resetOffsetByTimestamp(topic, group, before, true));
        assertEquals(ResponseCode.CONSUMER_NOT_ONLINE, offline.getResponseCode(), offline.getMessage());
    }

    @Test
    void consumerStatusDirectConsumptionAndOffsetCloneGoThroughTheBroker() throws Exception {
        String topic = OfficialClients.unique("AdminCalls");
        String group = OfficialClients.unique("cg");
        harness.createTopic(topic, 2);
        DefaultMQProducer producer = harness.producer();
        SendResult sent = producer.send(message(topic, 0));
        Set<String> bodies = ConcurrentHashMap.newKeySet();
        AtomicInteger deliveries = new AtomicInteger();
        DefaultMQPushConsumer consumer = harness.consumer(group, topic, "*", (msgs, ctx) -> {
            msgs.forEach(m -> bodies.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            deliveries.addAndGet(msgs.size());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        await("the message consumed", WAIT, () -> deliveries.get() >= 1);
        String clientId = admin.examineConsumerConnectionInfo(group).getConnectionSet().iterator().next()
                .getClientId();

        ConsumerRunningInfo running = admin.getConsumerRunningInfo(group, clientId, false);
        assertTrue(running.getSubscriptionSet().stream().anyMatch(sub -> sub.getTopic().equals(topic)),
                running.getSubscriptionSet().toString());

        ConsumeMessageDirectlyResult direct = admin.consumeMessageDirectly(group, clientId, sent.getOffsetMsgId());
        assertEquals(CMResult.CR_SUCCESS, direct.getConsumeResult(), direct.toString());
        assertEquals(2, deliveries.get(), "the listener got the message a second time, directly");

        MQClientException notOnline = assertThrows(MQClientException.class,
                () -> admin.getConsumerRunningInfo(group, "10.0.0.9@nobody", false));
        assertEquals(ResponseCode.SYSTEM_ERROR, notOnline.getResponseCode());
        assertTrue(notOnline.getErrorMessage().contains("not online"), notOnline.getErrorMessage());

        String clone = OfficialClients.unique("clone");
        await("the source group's offsets committed", WAIT, () -> {
            ConsumeStats progress = consumeStatsOrNull(group);
            return progress != null && totalConsumerOffset(progress, topic) == 1;
        });
        admin.cloneGroupOffset(group, clone, topic, true);
        NettyRemotingClient raw = new NettyRemotingClient(new NettyClientConfig());
        try {
            long cloned = 0;
            for (int q = 0; q < 2; q++) {
                RemotingCommand r = raw.invokeSync(brokerAddr, RemotingCommand.createRequest(
                        RequestCode.QUERY_CONSUMER_OFFSET).putExt("consumerGroup", clone).putExt("topic", topic)
                        .putExt("queueId", q), 5000);
                assertEquals(ResponseCode.SUCCESS, r.getCode(), r.getRemark());
                cloned += r.requireExtLong("offset");
            }
            assertEquals(1, cloned);
        } finally {
            raw.shutdown();
        }
    }

    @Test
    void badInputGetsRocketMQCodesAndReadableRemarks() throws Exception {
        DefaultMQProducer producer = harness.producer();
        MQClientAPIImpl api = producer.getDefaultMQProducerImpl().getmQClientFactory().getMQClientAPIImpl();

        MQBrokerException noTopic = assertThrows(MQBrokerException.class,
                () -> api.getTopicStatsInfo(brokerAddr, "NoSuchTopic", 5000));
        assertEquals(ResponseCode.TOPIC_NOT_EXIST, noTopic.getResponseCode());
        assertTrue(noTopic.getErrorMessage().contains("NoSuchTopic"));

        MQBrokerException noGroup = assertThrows(MQBrokerException.class,
                () -> api.getConsumeStats(brokerAddr, "NoSuchGroup", 5000));
        assertEquals(ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, noGroup.getResponseCode());
        assertTrue(noGroup.getErrorMessage().contains("NoSuchGroup"));

        MQBrokerException offline = assertThrows(MQBrokerException.class,
                () -> api.getConsumerConnectionList(brokerAddr, "NoSuchGroup", 5000));
        assertEquals(ResponseCode.CONSUMER_NOT_ONLINE, offline.getResponseCode());

        MQBrokerException noProducer = assertThrows(MQBrokerException.class,
                () -> api.getProducerConnectionList(brokerAddr, "NoSuchGroup", 5000));
        assertEquals(ResponseCode.SYSTEM_ERROR, noProducer.getResponseCode());
        assertTrue(noProducer.getErrorMessage().contains("NoSuchGroup"));

        SubscriptionGroupConfig badName = new SubscriptionGroupConfig();
        badName.setGroupName("bad group!");
        MQClientException rejected = assertThrows(MQClientException.class,
                () -> admin.createAndUpdateSubscriptionGroupConfig(brokerAddr, badName));
        assertTrue(rejected.getMessage().contains("invalid"), rejected.getMessage());
        assertNull(admin.examineSubscriptionGroupConfig(brokerAddr, "bad group!"));

        NettyRemotingClient raw = new NettyRemotingClient(new NettyClientConfig());
        try {
            RemotingCommand missing = raw.invokeSync(brokerAddr,
                    RemotingCommand.createRequest(RequestCode.GET_TOPIC_STATS_INFO), 5000);
            assertEquals(ResponseCode.SYSTEM_ERROR, missing.getCode());
            assertTrue(missing.getRemark().contains("<topic>"), missing.getRemark());
            RemotingCommand garbage = raw.invokeSync(brokerAddr,
                    RemotingCommand.createRequest(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP)
                            .setBody("{not json".getBytes(StandardCharsets.UTF_8)), 5000);
            assertEquals(ResponseCode.SYSTEM_ERROR, garbage.getCode());
        } finally {
            raw.shutdown();
        }
        // the broker still answers normally
        assertEquals("broker-it", admin.getBrokerConfig(brokerAddr).getProperty("brokerName"));
    }
}
