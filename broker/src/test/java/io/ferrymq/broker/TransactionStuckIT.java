package io.ferrymq.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.TransactionListBody;
import io.ferrymq.remoting.protocol.body.TransactionResolveBody;
import io.ferrymq.remoting.protocol.body.TransactionStatsBody;
import io.ferrymq.remoting.protocol.body.TransactionTimelineBody;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.client.producer.TransactionSendResult;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A producer that never decides (always UNKNOW): after transactionCheckMax checks its transactions are
 * stuck, listed by the admin request, still stuck after a broker restart, and resolved by hand: the
 * committed one delivered exactly once, the rolled-back one never; the timeline tells the story.
 */
class TransactionStuckIT {
    private static final String TOPIC = "StuckTxTopic";
    private static final int CHECK_MAX = 2;

    @TempDir
    Path dir;
    private BrokerHarness harness;
    private TxAdminClient admin;
    private TransactionMQProducer producer;

    @BeforeEach
    void start() throws Exception {
        Properties p = new Properties();
        p.setProperty("transactionTimeOut", "500");
        p.setProperty("transactionCheckInterval", "500");
        p.setProperty("transactionCheckMax", Integer.toString(CHECK_MAX));
        p.setProperty("transactionScanPeriod", "50");
        harness = new BrokerHarness(dir, p);
        admin = new TxAdminClient(() -> harness.broker.address());
    }

    @AfterEach
    void stop() {
        if (producer != null) {
            producer.shutdown();
        }
        admin.close();
        harness.close();
    }

    @Test
    void stuckTransactionsAreListedSurviveARestartAndAreResolvedByHandExactlyOnce() throws Exception {
        Map<String, AtomicInteger> checksById = new ConcurrentHashMap<>();
        String group = OfficialClients.unique("never-decides");
        producer = new TransactionMQProducer(group);
        producer.setNamesrvAddr(harness.namesrvAddr);
        producer.setVipChannelEnabled(false);
        producer.setInstanceName(OfficialClients.unique("producer"));
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return LocalTransactionState.UNKNOW;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                checksById.computeIfAbsent(msg.getTransactionId(), k -> new AtomicInteger()).incrementAndGet();
                return LocalTransactionState.UNKNOW;
            }
        });
        producer.start();
        TransactionSendResult toCommit = producer.sendMessageInTransaction(new Message(TOPIC, "T", "order-commit",
                "commit-me".getBytes(StandardCharsets.UTF_8)), null);
        TransactionSendResult toRollBack = producer.sendMessageInTransaction(new Message(TOPIC, "T", "order-rollback",
                "rollback-me".getBytes(StandardCharsets.UTF_8)), null);
        String commitId = toCommit.getMsgId();
        String rollbackId = toRollBack.getMsgId();

        BrokerHarness.await("both transactions stuck", Duration.ofSeconds(30),
                () -> admin.list(TOPIC, null, true).transactions().size() == 2);
        TransactionListBody stuck = admin.list(null, group, true);
        assertEquals(2, stuck.total());
        for (TransactionListBody.Row row : stuck.transactions()) {
            assertEquals("STUCK", row.state());
            assertEquals(CHECK_MAX, row.checks());
            assertEquals(TOPIC, row.topic());
            assertEquals(group, row.producerGroup());
            assertNotNull(row.lastCheckTarget(), "the producer the last check went to");
            assertTrue(row.ageMillis() >= 500 + (CHECK_MAX - 1) * 500L, "age " + row.ageMillis());
            assertEquals(CHECK_MAX, checksById.get(row.transactionId()).get(), "checks the producer saw");
        }
        assertEquals("order-commit", rowOf(stuck, commitId).keys());
        Map<String, String> runtime = runtimeInfo();
        assertEquals("2", runtime.get("transactionStuck"), runtime.toString());
        assertEquals("0", runtime.get("transactionPending"));
        assertEquals(Integer.toString(2 * CHECK_MAX), runtime.get("transactionChecksSent"));
        assertEquals("2", runtime.get("transactionSetAside"));
        assertEquals("0", runtime.get("transactionCommits"));
        assertEquals("0", runtime.get("transactionRollbacks"));
        assertTrue(admin.list("OtherTopic", null, false).transactions().isEmpty(), "topic filter");
        assertTrue(admin.list(null, "other-group", false).transactions().isEmpty(), "group filter");

        harness.restartBroker();
        TransactionListBody afterRestart = admin.list(TOPIC, null, true);
        assertEquals(2, afterRestart.transactions().size(), "stuck transactions survive a restart");
        assertEquals(CHECK_MAX, rowOf(afterRestart, commitId).checks());
        BrokerHarness.await("route after restart", Duration.ofSeconds(30),
                () -> harness.namesrv.routes().pickupTopicRouteData(TOPIC) != null);
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        harness.consumer(OfficialClients.unique("stuck-cg"), TOPIC, "*", (MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> deliveries.computeIfAbsent(new String(m.getBody(), StandardCharsets.UTF_8),
                    k -> new AtomicInteger()).incrementAndGet());
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        }).start();

        TransactionResolveBody committed = admin.resolve(commitId, "commit", "paid: confirmed in the orders DB");
        assertEquals(ResponseCode.SUCCESS, admin.lastCode);
        assertEquals("COMMITTED", committed.status(), committed.detail());
        assertEquals("ALREADY_RESOLVED", admin.resolve(commitId, "commit", "again").status());
        assertEquals("ALREADY_RESOLVED", admin.resolve(commitId, "rollback", "too late").status());
        TransactionResolveBody rolledBack = admin.resolve(rollbackId, "ROLLBACK", "customer cancelled");
        assertEquals("ROLLED_BACK", rolledBack.status(), rolledBack.detail());
        assertEquals("NOT_FOUND", admin.resolve("0123456789ABCDEF0123456789ABCDEF", "commit", null).status());
        assertEquals(ResponseCode.QUERY_NOT_FOUND, admin.lastCode);

        BrokerHarness.await("the committed message delivered", Duration.ofSeconds(30),
                () -> deliveries.containsKey("commit-me"));
        assertEquals(1, storedCount(), "stored once, the rolled-back one never");
        assertEquals(1, deliveries.get("commit-me").get());
        assertFalse(deliveries.containsKey("rollback-me"));
        assertTrue(admin.list(null, null, false).transactions().isEmpty());

        TransactionTimelineBody.Timeline timeline = admin.timeline(commitId).timelines().get(0);
        assertEquals("COMMITTED", timeline.state());
        List<String> kinds = timeline.events().stream().map(TransactionTimelineBody.Event::kind).toList();
        assertEquals(List.of("HALF_STORED", "CHECK_SENT", "CHECK_ANSWERED_UNKNOWN", "CHECK_SENT",
                "CHECK_ANSWERED_UNKNOWN", "STUCK", "COMMITTED"), kinds);
        TransactionTimelineBody.Event firstCheck = timeline.events().get(1);
        assertEquals(rowOf(stuck, commitId).lastCheckTarget(), firstCheck.who());
        TransactionTimelineBody.Event decision = timeline.events().get(6);
        assertEquals("ADMIN", decision.by());
        assertEquals("paid: confirmed in the orders DB", decision.reason());
        assertTrue(decision.who().startsWith("127.0.0.1:"), decision.who());
        assertEquals(1, timeline.delivered().size());
        TransactionTimelineBody.Delivery landed = timeline.delivered().get(0);
        assertEquals(TOPIC, landed.topic());
        assertNotNull(landed.offsetMsgId());

        TransactionTimelineBody.Timeline rollback = admin.timeline(rollbackId).timelines().get(0);
        assertEquals("ROLLED_BACK", rollback.state());
        assertEquals("customer cancelled", rollback.events().get(rollback.events().size() - 1).reason());
        assertTrue(rollback.delivered().isEmpty());

        TransactionStatsBody stats = admin.stats();
        assertEquals(0, stats.stuck());
        assertEquals(0, stats.pending());
        assertEquals(2, stats.manual());
        assertEquals(1, stats.commits());
        assertEquals(1, stats.rollbacks());
        runtime = runtimeInfo(); // the counters start again with the restarted broker
        assertEquals("0", runtime.get("transactionStuck"), runtime.toString());
        assertEquals("0", runtime.get("transactionPending"));
        assertEquals("1", runtime.get("transactionCommits"));
        assertEquals("1", runtime.get("transactionRollbacks"));
        assertEquals("2", runtime.get("transactionManual"));
        assertEquals("0", runtime.get("transactionChecksSent"));
    }

    /** GET_BROKER_RUNTIME_INFO through the official admin API ({@code mqadmin brokerStatus}). */
    private Map<String, String> runtimeInfo() throws Exception {
        DefaultMQAdminExt official = new DefaultMQAdminExt(5000);
        official.setNamesrvAddr(harness.namesrvAddr);
        official.setInstanceName(OfficialClients.unique("admin"));
        official.setVipChannelEnabled(false);
        official.start();
        try {
            return official.fetchBrokerRuntimeStats(harness.broker.address()).getTable();
        } finally {
            official.shutdown();
        }
    }

    private static TransactionListBody.Row rowOf(TransactionListBody body, String id) {
        return body.transactions().stream().filter(r -> id.equals(r.transactionId())).findFirst()
                .orElseThrow(() -> new AssertionError("no row for " + id + " in " + body));
    }

    private long storedCount() throws Exception {
        long stored = 0;
        for (MessageQueue q : producer.fetchPublishMessageQueues(TOPIC)) {
            stored += producer.maxOffset(q);
        }
        return stored;
    }
}
