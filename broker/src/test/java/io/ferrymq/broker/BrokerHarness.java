package io.ferrymq.broker;

import java.util.ArrayList;
import java.util.List;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import io.ferrymq.common.PermName;
import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.namesrv.NamesrvConfig;
import io.ferrymq.namesrv.NamesrvController;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.function.BooleanSupplier;

/**
 * A name server and a broker in-process on loopback with ephemeral ports and a temporary store.
 * Shared with other modules' integration tests through the broker's test jar.
 */
public final class BrokerHarness implements AutoCloseable {
    static final String FAST_DELAY_LEVELS = "1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s 1s";

    public final Path dir;
    public final NamesrvController namesrv;
    public final String namesrvAddr;
    public BrokerController broker;
    private int brokerPort;

    private final Properties extra;
    private final List<Runnable> clientShutdowns = new ArrayList<>();

    public BrokerHarness(Path dir) throws Exception {
        this(dir, new Properties());
    }

    /** With {@code extra} broker settings on top of the test defaults. */
    public BrokerHarness(Path dir, Properties extra) throws Exception {
        this.dir = dir;
        this.extra = extra;
        namesrv = new NamesrvController(new NamesrvConfig().bindAddress("127.0.0.1").listenPort(0)
                .kvConfigPath(dir.resolve("kvConfig.json")));
        namesrv.start();
        namesrvAddr = "127.0.0.1:" + namesrv.port();
        try {
            startBroker();
        } catch (Exception | Error e) {
            if (broker != null) {
                broker.shutdown();
            }
            namesrv.shutdown();
            throw e;
        }
    }

    /**
     * A harness whose broker also serves the VIP channel: main port P and VIP port P - 2 (where the
     * official client's {@code setVipChannelEnabled(true)} sends), both picked free on loopback. Tries a
     * few port pairs, since another process may take a port between the check and the bind.
     */
    public static BrokerHarness withVipChannel(Path dir) throws Exception {
        Exception last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePortPair();
            Properties extra = new Properties();
            extra.setProperty("listenPort", Integer.toString(port));
            extra.setProperty("fastListenPort", Integer.toString(port - 2));
            try {
                return new BrokerHarness(dir.resolve("attempt-" + attempt), extra);
            } catch (Exception e) {
                last = e;
            }
        }
        throw new IllegalStateException("no free port pair for the VIP channel", last);
    }

    /** A port P such that P and P - 2 were both free on loopback a moment ago. */
    private static int freePortPair() throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int i = 0; i < 50; i++) {
            try (ServerSocket main = new ServerSocket(0, 1, loopback)) {
                int port = main.getLocalPort();
                if (port < 1026) {
                    continue;
                }
                try (ServerSocket vip = new ServerSocket(port - 2, 1, loopback)) {
                    return port;
                } catch (IOException taken) {
                    // try another pair
                }
            }
        }
        throw new IOException("no port P with P - 2 free found on loopback");
    }

    Properties brokerProperties(int port) {
        Properties p = new Properties();
        p.setProperty("namesrvAddr", namesrvAddr);
        p.setProperty("brokerName", "broker-it");
        p.setProperty("listenPort", Integer.toString(port));
        p.setProperty("fastListenPort", "-1");
        p.setProperty("bindAddress", "127.0.0.1");
        p.setProperty("brokerIP1", "127.0.0.1");
        p.setProperty("storePathRootDir", dir.resolve("store").toString());
        p.setProperty("mapedFileSizeCommitLog", Integer.toString(8 << 20));
        p.setProperty("mapedFileSizeConsumeQueue", Integer.toString(20 * 20_000));
        p.setProperty("maxMessageSize", Integer.toString(64 * 1024));
        p.setProperty("messageDelayLevel", FAST_DELAY_LEVELS);
        p.setProperty("flushConsumerOffsetInterval", "1000");
        p.putAll(extra);
        return p;
    }

    void startBroker() throws Exception {
        BrokerConfig.Loaded loaded = BrokerConfig.load(brokerProperties(brokerPort));
        broker = new BrokerController(loaded.broker(), loaded.store());
        broker.start();
        brokerPort = broker.port();
    }

    /** Stops the broker and starts it again on the same port and store. */
    public void restartBroker() throws Exception {
        broker.shutdown();
        startBroker();
    }

    /** An official producer, shut down by {@link #close()} even when the test fails. */
    public DefaultMQProducer producer() throws MQClientException {
        DefaultMQProducer p = OfficialClients.producer(namesrvAddr);
        clientShutdowns.add(p::shutdown);
        return p;
    }

    /** An official push consumer (not started), shut down by {@link #close()} even when the test fails. */
    public DefaultMQPushConsumer consumer(String group, String topic, String tags,
                                          MessageListenerConcurrently listener) throws MQClientException {
        DefaultMQPushConsumer c = OfficialClients.consumer(namesrvAddr, group, topic, tags, listener);
        clientShutdowns.add(c::shutdown);
        return c;
    }

    /** Runs {@code shutdown} in {@link #close()} (before the broker stops), even when the test fails. */
    public void onClose(Runnable shutdown) {
        clientShutdowns.add(shutdown);
    }

    @Override
    public void close() {
        for (int i = clientShutdowns.size() - 1; i >= 0; i--) {
            clientShutdowns.get(i).run();
        }
        if (broker != null) {
            broker.shutdown();
        }
        namesrv.shutdown();
    }

    /** Creates (or updates) a read-write topic on the broker and waits until the name server routes it. */
    public void createTopic(String topic, int queues) throws InterruptedException {
        broker.topics().update(new TopicConfig(topic, queues, queues, PermName.PERM_READ_WRITE));
        await("route of " + topic, Duration.ofSeconds(40), () -> namesrv.routes().pickupTopicRouteData(topic) != null);
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
