package io.ferrymq.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.rocketmq.client.producer.LocalTransactionState;
import org.apache.rocketmq.client.producer.TransactionListener;
import org.apache.rocketmq.client.producer.TransactionMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mqadmin's transaction commands against a broker holding a stuck transaction of the official client. */
class TransactionCommandsIT {
    private static final String TOPIC = "ToolTxTopic";

    @TempDir
    Path dir;
    private BrokerHarness harness;
    private TransactionMQProducer producer;
    private String out;
    private String err;

    @BeforeEach
    void start() throws Exception {
        Properties p = new Properties();
        p.setProperty("transactionTimeOut", "300");
        p.setProperty("transactionCheckInterval", "300");
        p.setProperty("transactionCheckMax", "1");
        p.setProperty("transactionScanPeriod", "50");
        harness = new BrokerHarness(dir, p);
        producer = new TransactionMQProducer("tool-tx-" + ProcessHandle.current().pid());
        producer.setNamesrvAddr(harness.namesrvAddr);
        producer.setVipChannelEnabled(false);
        producer.setInstanceName("tool-tx-producer-" + System.nanoTime());
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return LocalTransactionState.UNKNOW;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                return LocalTransactionState.UNKNOW;
            }
        });
        producer.start();
    }

    @AfterEach
    void stop() {
        producer.shutdown();
        harness.close();
    }

    private int admin(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        String[] full = new String[args.length + 2];
        System.arraycopy(args, 0, full, 0, 1);
        full[1] = "-n";
        full[2] = harness.namesrvAddr;
        System.arraycopy(args, 1, full, 3, args.length - 1);
        int code = MQAdminStartup.run(full, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    @Test
    void listResolveTimelineAndStatsOfAStuckTransaction() throws Exception {
        String msgId = producer.sendMessageInTransaction(new Message(TOPIC, "T", "invoice-42",
                "pay".getBytes(StandardCharsets.UTF_8)), null).getMsgId();
        BrokerHarness.await("the transaction listed as stuck", Duration.ofSeconds(30),
                () -> admin("transactionList", "--stuck") == 0 && out.contains(msgId));
        assertTrue(out.contains("STUCK") && out.contains("invoice-42") && out.contains(TOPIC), out);
        assertEquals(0, admin("transactionList", "-t", "NoSuchTopic"));
        assertTrue(!out.contains(msgId), out);

        assertEquals(0, admin("transactionStats"));
        assertTrue(out.matches("(?s).*broker-it\\s+0\\s+1\\s.*"), "pending 0, stuck 1: " + out);

        assertEquals(0, admin("transactionResolve", "-i", msgId, "-a", "commit", "-r", "paid at the counter"), err);
        assertTrue(out.contains("COMMITTED"), out);
        assertEquals(0, admin("transactionResolve", "-i", msgId, "-a", "rollback"), err);
        assertTrue(out.contains("ALREADY_RESOLVED"), out);
        assertEquals(2, admin("transactionResolve", "-i", "00112233445566778899AABBCCDDEEFF", "-a", "commit"));
        assertTrue(err.contains("no broker has transaction") || err.contains("not resolved"), err);
        assertEquals(1, admin("transactionResolve", "-i", msgId));
        assertTrue(err.contains("Missing required option: a"), err);
        assertEquals(2, admin("transactionResolve", "-i", msgId, "-a", "maybe"));
        assertTrue(err.contains("commit, rollback or check"), err);

        BrokerHarness.await("the committed message stored", Duration.ofSeconds(30), () -> stored() == 1);
        assertEquals(0, admin("transactionTimeline", "-i", msgId), err);
        assertTrue(out.contains("state COMMITTED"), out);
        for (String step : new String[] {"HALF_STORED", "CHECK_SENT", "CHECK_ANSWERED_UNKNOWN", "STUCK", "COMMITTED",
            "reason: paid at the counter", "delivered to " + TOPIC}) {
            assertTrue(out.contains(step), step + " missing from\n" + out);
        }
        assertEquals(0, admin("transactionTimeline", "-k", "invoice-42", "-t", TOPIC), err);
        assertTrue(out.contains(msgId), out);
        assertEquals(2, admin("transactionTimeline", "-k", "invoice-42", "-t", "OtherTopic"));
        assertEquals(2, admin("transactionTimeline", "-k", "invoice-42"));
        assertTrue(err.contains("-k key with -t topic"), err);
    }

    private long stored() {
        try {
            long n = 0;
            for (MessageQueue q : producer.fetchPublishMessageQueues(TOPIC)) {
                n += producer.maxOffset(q);
            }
            return n;
        } catch (Exception e) {
            return -1;
        }
    }
}
