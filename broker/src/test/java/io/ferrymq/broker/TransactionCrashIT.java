package io.ferrymq.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferrymq.namesrv.NamesrvConfig;
import io.ferrymq.namesrv.NamesrvController;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
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

/**
 * kill -9 of a broker (a child JVM) holding committed and pending transactions: after the restart the
 * pending ones are checked again and committed once, the committed ones are not delivered twice.
 */
class TransactionCrashIT {
    private static final String TOPIC = "CrashTxTopic";

    @TempDir
    Path dir;
    private NamesrvController namesrv;
    private Process broker;
    private Path conf;
    private int brokerPort;

    @BeforeEach
    void start() throws Exception {
        namesrv = new NamesrvController(new NamesrvConfig().bindAddress("127.0.0.1").listenPort(0)
                .kvConfigPath(dir.resolve("kv.json")));
        namesrv.start();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            brokerPort = s.getLocalPort();
        }
        conf = dir.resolve("broker.conf");
        Files.writeString(conf, String.join("\n",
                "namesrvAddr=127.0.0.1:" + namesrv.port(), "brokerName=broker-crash", "listenPort=" + brokerPort,
                "fastListenPort=-1", "bindAddress=127.0.0.1", "brokerIP1=127.0.0.1",
                "storePathRootDir=" + dir.resolve("store"), "mapedFileSizeCommitLog=" + (8 << 20),
                "mapedFileSizeConsumeQueue=" + (20 * 20_000), "flushConsumerOffsetInterval=200",
                "transactionTimeOut=1000", "transactionCheckInterval=1000", "transactionScanPeriod=50", ""));
        broker = startBroker();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (broker != null) {
            broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        namesrv.shutdown();
    }

    private Process startBroker() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                BrokerStartup.class.getName(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("broker-" + System.nanoTime() + ".out").toFile())
                .start();
        BrokerHarness.await("the broker port", Duration.ofSeconds(30), () -> {
            if (!p.isAlive()) {
                throw new AssertionError("broker exited with " + p.exitValue());
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), brokerPort)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        BrokerHarness.await("the broker's registration", Duration.ofSeconds(30),
                () -> namesrv.routes().pickupTopicRouteData("TBW102") != null);
        return p;
    }

    @Test
    void pendingTransactionsAreCheckedAgainAndCommittedOnceAfterKill9() throws Exception {
        AtomicBoolean answerCommit = new AtomicBoolean(false);
        AtomicInteger checksBeforeCrash = new AtomicInteger();
        AtomicInteger commitAnswers = new AtomicInteger();
        TransactionMQProducer producer = new TransactionMQProducer(OfficialClients.unique("crash-tx"));
        producer.setNamesrvAddr("127.0.0.1:" + namesrv.port());
        producer.setVipChannelEnabled(false);
        producer.setInstanceName(OfficialClients.unique("producer"));
        producer.setTransactionListener(new TransactionListener() {
            @Override
            public LocalTransactionState executeLocalTransaction(Message msg, Object arg) {
                return new String(msg.getBody(), StandardCharsets.UTF_8).startsWith("commit")
                        ? LocalTransactionState.COMMIT_MESSAGE : LocalTransactionState.UNKNOW;
            }

            @Override
            public LocalTransactionState checkLocalTransaction(MessageExt msg) {
                if (!answerCommit.get()) {
                    checksBeforeCrash.incrementAndGet();
                    return LocalTransactionState.UNKNOW;
                }
                commitAnswers.incrementAndGet();
                return LocalTransactionState.COMMIT_MESSAGE;
            }
        });
        producer.start();
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        DefaultMQPushConsumer consumer = null;
        try {
            for (int i = 0; i < 5; i++) {
                producer.sendMessageInTransaction(new Message(TOPIC, "T", ("commit-" + i).getBytes(StandardCharsets.UTF_8)), null);
                producer.sendMessageInTransaction(new Message(TOPIC, "T", ("pending-" + i).getBytes(StandardCharsets.UTF_8)), null);
            }
            BrokerHarness.await("check-backs before the crash", Duration.ofSeconds(40),
                    () -> checksBeforeCrash.get() >= 5);

            broker.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // kill -9
            answerCommit.set(true);
            broker = startBroker();
            producer.getDefaultMQProducerImpl().getmQClientFactory().sendHeartbeatToAllBrokerWithLock();

            consumer = OfficialClients.consumer("127.0.0.1:" + namesrv.port(), OfficialClients.unique("crash-cg"),
                    TOPIC, "*", (MessageListenerConcurrently) (msgs, ctx) -> {
                        msgs.forEach(m -> deliveries.computeIfAbsent(new String(m.getBody(), StandardCharsets.UTF_8),
                                k -> new AtomicInteger()).incrementAndGet());
                        return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                    });
            consumer.start();
            BrokerHarness.await("all 10 transactions delivered", Duration.ofSeconds(60), () -> {
                producer.getDefaultMQProducerImpl().getmQClientFactory().sendHeartbeatToAllBrokerWithLock();
                return deliveries.size() == 10;
            });
            List<MessageQueue> queues = producer.fetchPublishMessageQueues(TOPIC);
            long stored = 0;
            for (MessageQueue q : queues) {
                stored += producer.maxOffset(q);
            }
            assertEquals(10, stored, "each transaction's message stored exactly once");
        } finally {
            if (consumer != null) {
                consumer.shutdown();
            }
            producer.shutdown();
        }
        deliveries.forEach((body, n) -> assertEquals(1, n.get(), body + " delivered " + n + " times"));
    }
}
