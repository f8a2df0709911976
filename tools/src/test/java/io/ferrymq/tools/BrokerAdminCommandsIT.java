package io.ferrymq.tools;

import static io.ferrymq.broker.BrokerHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import io.ferrymq.broker.BrokerHarness;
import io.ferrymq.common.subscription.SubscriptionGroupConfig;
import io.ferrymq.tools.admin.BrokerAdmin;
import io.ferrymq.tools.admin.NamesrvAdmin;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mqadmin's broker commands against an in-process broker, checked by what they print. */
class BrokerAdminCommandsIT {
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;
    private BrokerHarness harness;
    private String namesrvAddr;
    private String brokerAddr;
    private String out;
    private String err;

    @BeforeEach
    void start() throws Exception {
        harness = new BrokerHarness(dir);
        namesrvAddr = harness.namesrvAddr;
        brokerAddr = harness.broker.address();
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private int admin(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        String[] withNamesrv = new String[args.length + 2];
        withNamesrv[0] = args[0];
        withNamesrv[1] = "-n";
        withNamesrv[2] = namesrvAddr;
        System.arraycopy(args, 1, withNamesrv, 3, args.length - 1);
        int code = MQAdminStartup.run(withNamesrv, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private void ok(String... args) {
        assertEquals(0, admin(args), () -> String.join(" ", args) + " failed: " + err);
    }

    /** The data rows of a table (lines after the {@code #} header, up to the first blank line). */
    private List<String[]> rows() {
        List<String[]> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : out.split("\n")) {
            if (line.startsWith("#")) {
                inTable = true;
            } else if (line.isBlank()) {
                inTable = false;
            } else if (inTable) {
                rows.add(line.trim().split("\\s{2,}"));
            }
        }
        return rows;
    }

    private long statusValue(String key) {
        Matcher m = Pattern.compile("(?m)^" + key + "\\s*: (\\d+)$").matcher(out);
        assertTrue(m.find(), key + " in\n" + out);
        return Long.parseLong(m.group(1));
    }

    private long storedIn(String topic, int queues) {
        long total = 0;
        for (int q = 0; q < queues; q++) {
            total += harness.broker.store().maxOffset(topic, q);
        }
        return total;
    }

    /** The sum of {@code group}'s committed offsets on {@code topic}, as the broker reports them. */
    private long committed(BrokerAdmin brokers, String group, String topic) {
        return brokers.consumeStats(brokerAddr, group, topic).getOffsetTable().values().stream()
                .mapToLong(w -> w.getConsumerOffset()).sum();
    }

    private void sendN(DefaultMQProducer producer, String topic, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            assertEquals(SendStatus.SEND_OK, producer.send(new Message(topic, "TagA",
                    ("m" + i).getBytes(StandardCharsets.UTF_8))).getSendStatus());
        }
    }

    @Test
    void topicStatusConsumerProgressConnectionsAndBrokerStatus() throws Exception {
        String topic = "ToolsAdminTopic";
        String group = "tools_admin_cg";
        ok("updateTopic", "-b", brokerAddr, "-t", topic, "-r", "4", "-w", "4");
        assertTrue(out.contains("create topic to " + brokerAddr + " success."), out);
        await("route of " + topic, WAIT, () -> harness.namesrv.routes().pickupTopicRouteData(topic) != null);

        DefaultMQProducer producer = harness.producer();
        sendN(producer, topic, 10);
        await("10 stored", WAIT, () -> storedIn(topic, 4) == 10);
        ok("topicStatus", "-t", topic);
        assertTrue(out.startsWith("#Broker Name"), out);
        List<String[]> queues = rows();
        assertEquals(4, queues.size(), out);
        long max = 0;
        for (String[] row : queues) {
            assertEquals("broker-it", row[0]);
            assertEquals("0", row[2]);
            max += Long.parseLong(row[3]);
        }
        assertEquals(10, max, out);

        Set<String> consumed = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = harness.consumer(group, topic, "*", (msgs, ctx) -> {
            msgs.forEach(m -> consumed.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.setAwaitTerminationMillisWhenShutdown(10_000);
        consumer.start();
        await("10 consumed", WAIT, () -> consumed.size() == 10);

        ok("consumerConnection", "-g", group);
        assertTrue(out.contains(consumer.buildMQClientId()), out);
        assertTrue(out.matches("(?s).*Topic: " + topic + "\\s+SubExpression: \\*.*"), out);
        assertTrue(out.contains("MessageModel: CLUSTERING"), out);
        assertTrue(out.contains("ConsumeType: CONSUME_PASSIVELY"), out);

        await("producer registered", WAIT, () -> admin("producerConnection", "-g", producer.getProducerGroup(),
                "-t", topic) == 0);
        assertTrue(out.contains(producer.buildMQClientId()) && out.contains("JAVA") && out.contains("V4_9_8"), out);

        consumer.shutdown(); // commits the offsets
        await("offsets committed", WAIT, () -> {
            long committed = 0;
            for (int q = 0; q < 4; q++) {
                committed += Math.max(0, harness.broker.offsets().query(group, topic, q));
            }
            return committed == 10;
        });
        sendN(producer, topic, 3);
        await("13 stored", WAIT, () -> storedIn(topic, 4) == 13);
        ok("consumerProgress", "-g", group);
        assertTrue(out.contains("Diff Total: 3"), out);
        assertTrue(out.contains("Consume TPS: "), out);
        long brokerOffsets = 0;
        long consumerOffsets = 0;
        for (String[] row : rows()) {
            if (row[0].equals(topic)) {
                brokerOffsets += Long.parseLong(row[3]);
                consumerOffsets += Long.parseLong(row[4]);
            }
        }
        assertEquals(13, brokerOffsets, out);
        assertEquals(10, consumerOffsets, out);
        ok("consumerProgress");
        assertTrue(out.matches("(?s).*\\n" + group + "\\s+0\\s+OFFLINE\\s+[\\d.]+\\s+3\\n.*"), out);

        await("13 counted", WAIT, () -> admin("brokerStatus", "-b", brokerAddr) == 0
                && statusValue("msgPutTotalTodayNow") == 13);
        assertTrue(statusValue("msgGetTotalTodayNow") >= 10, out);
        assertEquals(harness.broker.store().commitLog().maxOffset(), statusValue("commitLogMaxOffset"));
        assertTrue(Pattern.compile("(?m)^brokerVersionDesc\\s+: V4_9_8$").matcher(out).find(), out);
        ok("brokerStatus", "-c", "DefaultCluster");
        assertTrue(out.contains(brokerAddr + " "), out);
        assertTrue(out.contains("putTps"), out);
    }

    @Test
    void subscriptionGroupsAndTopicsAreCreatedAndDeleted() throws Exception {
        String group = "tools_sub_group";
        ok("updateSubGroup", "-c", "DefaultCluster", "-g", group, "-r", "3", "-q", "2", "-s", "false");
        assertTrue(out.contains("create subscription group to " + brokerAddr + " success."), out);
        try (NamesrvAdmin namesrv = new NamesrvAdmin(namesrvAddr, 5000);
             BrokerAdmin brokers = new BrokerAdmin(namesrv, 5000)) {
            SubscriptionGroupConfig saved = brokers.subscriptionGroups(brokerAddr).getSubscriptionGroupTable().get(group);
            assertEquals(3, saved.getRetryMaxTimes());
            assertEquals(2, saved.getRetryQueueNums());
            assertFalse(saved.isConsumeEnable());

            ok("deleteSubGroup", "-b", brokerAddr, "-g", group);
            assertTrue(out.contains("delete subscription group [" + group + "] from broker [" + brokerAddr
                    + "] success."), out);
            assertNull(brokers.subscriptionGroups(brokerAddr).getSubscriptionGroupTable().get(group));
        }

        String topic = "ToolsDeleteMe";
        ok("updateTopic", "-c", "DefaultCluster", "-t", topic, "-r", "2", "-w", "2", "-p", "6");
        await("route of " + topic, WAIT, () -> harness.namesrv.routes().pickupTopicRouteData(topic) != null);
        assertEquals(2, harness.broker.topics().find(topic).getReadQueueNums());
        ok("deleteTopic", "-t", topic, "-c", "DefaultCluster");
        assertTrue(out.contains("delete topic [" + topic + "] from cluster [DefaultCluster] success."), out);
        assertTrue(out.contains("delete topic [" + topic + "] from NameServer success."), out);
        assertNull(harness.broker.topics().find(topic));
        await("route of " + topic + " gone", WAIT,
                () -> harness.namesrv.routes().pickupTopicRouteData(topic) == null);
    }

    @Test
    void exportMetadataWritesTheUserTopicsAndGroupsAsRocketMqJson() throws Exception {
        ok("updateTopic", "-c", "DefaultCluster", "-t", "ToolsOrders", "-r", "4", "-w", "4", "-p", "6");
        ok("updateSubGroup", "-c", "DefaultCluster", "-g", "tools_billing", "-r", "5");
        Path export = dir.resolve("export");

        ok("exportMetadata", "-c", "DefaultCluster", "-f", export.toString());
        assertTrue(out.contains("export " + export.resolve("metadata.json") + " success"), out);
        JSONObject metadata = JSON.parseObject(Files.readString(export.resolve("metadata.json")));
        JSONObject topics = metadata.getJSONObject("topicConfigTable");
        assertEquals(4, topics.getJSONObject("ToolsOrders").getIntValue("readQueueNums"));
        assertFalse(topics.containsKey("TBW102"), "system topics are left out: " + topics.keySet());
        assertFalse(topics.containsKey("RMQ_SYS_TRANS_HALF_TOPIC"), topics.keySet().toString());
        assertFalse(topics.containsKey("DefaultCluster"), topics.keySet().toString());
        assertFalse(topics.containsKey("%RETRY%tools_billing"), topics.keySet().toString());
        assertEquals(5, metadata.getJSONObject("subscriptionGroupTable").getJSONObject("tools_billing")
                .getIntValue("retryMaxTimes"));
        assertTrue(metadata.getLongValue("exportTime") > 0);

        harness.broker.topics().findOrCreateSystem("%RETRY%tools_billing", 1, 6);
        ok("exportMetadata", "-b", brokerAddr, "-f", export.toString(), "-t", "-s");
        JSONObject topicsOnly = JSON.parseObject(Files.readString(export.resolve("topic.json")));
        assertTrue(topicsOnly.getJSONObject("topicConfigTable").containsKey("%RETRY%tools_billing"), out);
        assertFalse(topicsOnly.containsKey("subscriptionGroupTable"));

        assertEquals(2, admin("exportMetadata", "-b", brokerAddr, "-t", "-g", "-f", export.toString()));
        assertTrue(err.contains("-t and -g exclude each other"), err);
    }

    @Test
    void brokerConfigIsShownAndChangedWhileTheBrokerRuns() {
        ok("getBrokerConfig", "-b", brokerAddr);
        assertTrue(out.contains("============" + brokerAddr + "============"), out);
        assertTrue(Pattern.compile("(?m)^autoCreateTopicEnable\\s+=  true$").matcher(out).find(), out);

        ok("updateBrokerConfig", "-c", "DefaultCluster", "-k", "autoCreateTopicEnable", "-v", "false");
        assertTrue(out.contains("update broker config success, " + brokerAddr), out);
        ok("getBrokerConfig", "-c", "DefaultCluster");
        assertTrue(Pattern.compile("(?m)^autoCreateTopicEnable\\s+=  false$").matcher(out).find(), out);

        assertEquals(2, admin("updateBrokerConfig", "-b", brokerAddr, "-k", "listenPort", "-v", "1"));
        assertTrue(err.contains("listenPort cannot change while the broker runs"), err);
    }

    @Test
    void resetOffsetByTimeRewindsAnOfflineGroup() throws Exception {
        String topic = "ToolsReset";
        String group = "tools_reset_group";
        ok("updateTopic", "-c", "DefaultCluster", "-t", topic, "-r", "2", "-w", "2", "-p", "6");
        await("route of " + topic, WAIT, () -> harness.namesrv.routes().pickupTopicRouteData(topic) != null);
        long before = System.currentTimeMillis() - 1_000;
        DefaultMQProducer producer = harness.producer();
        sendN(producer, topic, 6);
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = harness.consumer(group, topic, "*", (msgs, ctx) -> {
            msgs.forEach(m -> consumed.add(m.getMsgId()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        await("6 consumed", WAIT, () -> consumed.size() == 6);
        consumer.shutdown(); // commits its offsets: the group is offline now
        try (NamesrvAdmin namesrv = new NamesrvAdmin(namesrvAddr, 5000);
             BrokerAdmin brokers = new BrokerAdmin(namesrv, 5000)) {
            assertEquals(6, committed(brokers, group, topic));

            ok("resetOffsetByTime", "-g", group, "-t", topic, "-s", Long.toString(before));
            assertEquals(2, rows().size(), out);
            assertEquals(0, committed(brokers, group, topic), out);

            ok("resetOffsetByTime", "-g", group, "-t", topic, "-s", "-1");
            assertEquals(6, committed(brokers, group, topic), out);
        }
        assertEquals(2, admin("resetOffsetByTime", "-g", group, "-t", topic, "-s", "yesterday"));
        assertTrue(err.contains("yyyy-MM-dd#HH:mm:ss:SSS"), err);
    }

    @Test
    void consumerStatusAndCloneGroupOffset() throws Exception {
        String topic = "ToolsClone";
        String group = "tools_clone_src";
        ok("updateTopic", "-c", "DefaultCluster", "-t", topic, "-r", "2", "-w", "2", "-p", "6");
        await("route of " + topic, WAIT, () -> harness.namesrv.routes().pickupTopicRouteData(topic) != null);
        sendN(harness.producer(), topic, 4);
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = harness.consumer(group, topic, "*", (msgs, ctx) -> {
            msgs.forEach(m -> consumed.add(m.getMsgId()));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.start();
        await("4 consumed", WAIT, () -> consumed.size() == 4);

        ok("consumerStatus", "-g", group);
        assertTrue(out.contains(consumer.buildMQClientId()), out);
        assertTrue(out.contains(topic), out);

        consumer.shutdown(); // commits the offsets
        ok("cloneGroupOffset", "-s", group, "-d", "tools_clone_dest", "-t", topic, "-o", "true");
        assertTrue(out.contains("clone group offset success."), out);
        try (NamesrvAdmin namesrv = new NamesrvAdmin(namesrvAddr, 5000);
             BrokerAdmin brokers = new BrokerAdmin(namesrv, 5000)) {
            assertEquals(4, committed(brokers, "tools_clone_dest", topic));
        }
        assertEquals(2, admin("consumerStatus", "-g", "tools_nobody"));
        assertTrue(err.contains("not online"), err);
    }

    @Test
    void operatorMistakesGetClearMessages() {
        assertEquals(2, admin("topicStatus", "-t", "NoSuchTopic"));
        assertTrue(err.contains("no route for topic NoSuchTopic"), err);
        assertEquals(2, admin("consumerProgress", "-g", "NoSuchGroup"));
        assertTrue(err.contains("NoSuchGroup"), err);
        assertEquals(2, admin("consumerConnection", "-g", "NoSuchGroup"));
        assertTrue(err.contains("not online"), err);
        assertEquals(1, admin("brokerStatus"));
        assertTrue(err.contains("Missing required option"), err);
        assertEquals(2, admin("updateSubGroup", "-b", brokerAddr, "-g", "g1", "-q", "many"));
        assertTrue(err.contains("-q must be a number"), err);
        assertEquals(2, admin("updateSubGroup", "-b", brokerAddr, "-g", "bad group!"));
        assertTrue(err.contains("invalid"), err);
        assertEquals(2, admin("updateTopic", "-c", "NoSuchCluster", "-t", "T"));
        assertTrue(err.contains("no cluster named NoSuchCluster"), err);
    }
}
