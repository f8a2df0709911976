package io.ferrymq.broker.namesrv;

import io.ferrymq.broker.BrokerIdentity;
import io.ferrymq.broker.topic.TopicConfigManager;
import io.ferrymq.common.PermName;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.RegisterBrokerBody;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.ferrymq.remoting.protocol.body.TopicConfigSerializeWrapper;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this broker registered with every name server: at start, every {@code period}, and soon
 * after the topic set changes ({@link #registerSoon()}); unregisters at shutdown. All calls run on
 * its own single thread.
 */
public final class NameServerRegistrar {
    private static final Logger LOG = LoggerFactory.getLogger(NameServerRegistrar.class);
    private static final long TIMEOUT_MILLIS = 3_000;

    private final List<String> namesrvAddrs;
    private final BrokerIdentity identity;
    private final TopicConfigManager topics;
    private final IntSupplier brokerPermission;
    private final Duration period;
    private final NettyRemotingClient client;
    private final ScheduledExecutorService thread =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("BrokerRegistrar", true));
    private final AtomicBoolean pending = new AtomicBoolean();
    private final CompletableFuture<Void> firstRegistration = new CompletableFuture<>();

    public NameServerRegistrar(List<String> namesrvAddrs, BrokerIdentity identity, TopicConfigManager topics,
                               IntSupplier brokerPermission, Duration period, NettyRemotingClient client) {
        this.namesrvAddrs = namesrvAddrs;
        this.identity = identity;
        this.topics = topics;
        this.brokerPermission = brokerPermission;
        this.period = period;
        this.client = client;
    }

    /**
     * Opens the connections to the name servers on the registrar thread, so that the first
     * registration does not wait for them; a failure here only means the registration connects itself.
     */
    public void connectAhead() {
        for (String ns : namesrvAddrs) {
            thread.execute(() -> {
                try {
                    client.channel(ns);
                } catch (RuntimeException e) {
                    LOG.debug("connecting ahead to name server {} failed: {}", ns, e.toString());
                }
            });
        }
    }

    /**
     * Registers at once on the registrar thread (without waiting: see {@link #awaitFirstRegistration()}),
     * then every {@code period}.
     */
    public void start() {
        if (namesrvAddrs.isEmpty()) {
            LOG.warn("no namesrvAddr configured: clients cannot find this broker through a name server");
            firstRegistration.complete(null);
            return;
        }
        thread.execute(this::registerAll);
        long ms = period.toMillis();
        thread.scheduleAtFixedRate(this::registerAll, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Waits (bounded by the request timeouts) until every name server answered the first registration. */
    public void awaitFirstRegistration() {
        try {
            firstRegistration.get(TIMEOUT_MILLIS * (namesrvAddrs.size() + 1), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("first registration did not finish: {}", e.toString());
        }
    }

    /** Asks for a registration on the registrar thread; several requests in a row make one. */
    public void registerSoon() {
        if (namesrvAddrs.isEmpty() || !pending.compareAndSet(false, true)) {
            return;
        }
        try {
            thread.execute(() -> {
                pending.set(false);
                registerAll();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            pending.set(false);
        }
    }

    private void registerAll() {
        RegisterBrokerBody body = new RegisterBrokerBody();
        TopicConfigSerializeWrapper snapshot = topics.snapshot();
        int perm = brokerPermission.getAsInt();
        if (!PermName.isReadable(perm) || !PermName.isWriteable(perm)) {
            // a read-only (or write-only) broker says so in every topic's route, as RocketMQ's does, so
            // producers stop picking its queues (wipeWritePerm through updateBrokerConfig brokerPermission=4)
            snapshot.getTopicConfigTable().values().forEach(config -> config.setPerm(perm));
        }
        body.setTopicConfigSerializeWrapper(snapshot);
        byte[] bytes = RemotingJson.encode(body);
        for (String ns : namesrvAddrs) {
            RemotingCommand request = header(RemotingCommand.createRequest(RequestCode.REGISTER_BROKER))
                    .putExt("haServerAddr", identity.storeHost().getAddress().getHostAddress() + ":"
                            + (identity.storeHost().getPort() + 1))
                    .putExt("compressed", false)
                    .putExt("bodyCrc32", 0)
                    .setBody(bytes);
            try {
                RemotingCommand response = client.invokeSync(ns, request, TIMEOUT_MILLIS);
                if (response.getCode() != ResponseCode.SUCCESS) {
                    LOG.warn("name server {} refused the registration: {} {}", ns, response.getCode(),
                            response.getRemark());
                }
            } catch (RuntimeException e) {
                LOG.warn("registration with name server {} failed: {}", ns, e.toString());
            }
        }
        firstRegistration.complete(null);
    }

    /** Completes once the first round of registrations has been answered (or failed). */
    public CompletableFuture<Void> firstRegistration() {
        return firstRegistration;
    }

    private RemotingCommand header(RemotingCommand cmd) {
        return cmd.putExt("brokerName", identity.brokerName())
                .putExt("brokerAddr", identity.address())
                .putExt("clusterName", identity.clusterName())
                .putExt("brokerId", identity.brokerId());
    }

    /** Stops the periodic registration and unregisters from every name server. */
    public void shutdown() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (String ns : namesrvAddrs) {
            try {
                client.invokeSync(ns, header(RemotingCommand.createRequest(RequestCode.UNREGISTER_BROKER)),
                        TIMEOUT_MILLIS);
            } catch (RuntimeException e) {
                LOG.warn("unregistering from name server {} failed: {}", ns, e.toString());
            }
        }
    }
}
