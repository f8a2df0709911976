package io.ferrymq.broker;

import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.common.PermName;
import io.ferrymq.common.message.UniqueIdGenerator;
import io.ferrymq.broker.transaction.EndTransactionProcessor;
import io.ferrymq.broker.transaction.OffsetProgressStore;
import io.ferrymq.broker.transaction.ProducerCheckBackSender;
import io.ferrymq.broker.transaction.TransactionAdminProcessor;
import io.ferrymq.remoting.protocol.FerryRequestCode;
import io.ferrymq.transaction.TransactionService;
import io.ferrymq.broker.client.ConsumerGroup;
import io.ferrymq.broker.client.ConsumerIdsChangeNotifier;
import io.ferrymq.broker.client.ConsumerRegistry;
import io.ferrymq.broker.client.ProducerRegistry;
import io.ferrymq.broker.client.SubscriptionGroups;
import io.ferrymq.broker.filter.SubscriptionFilters;
import io.ferrymq.broker.lock.QueueLockManager;
import io.ferrymq.broker.lock.QueueLockProcessor;
import io.ferrymq.broker.namesrv.NameServerRegistrar;
import io.ferrymq.broker.offset.ConsumerOffsetManager;
import io.ferrymq.broker.processor.ClientManageProcessor;
import io.ferrymq.broker.processor.ConnectionAdminProcessor;
import io.ferrymq.broker.processor.ConsumerCallProcessor;
import io.ferrymq.broker.processor.MetadataAdminProcessor;
import io.ferrymq.broker.processor.OffsetProcessor;
import io.ferrymq.broker.processor.OffsetResetProcessor;
import io.ferrymq.broker.processor.QueryMessageProcessor;
import io.ferrymq.broker.processor.StatsAdminProcessor;
import io.ferrymq.broker.processor.SubscriptionGroupAdminProcessor;
import io.ferrymq.broker.processor.TopicAdminProcessor;
import io.ferrymq.broker.pull.PullHoldService;
import io.ferrymq.broker.pull.PullMessageProcessor;
import io.ferrymq.broker.schedule.ParkedRedelivery;
import io.ferrymq.broker.schedule.ScheduleMessageService;
import io.ferrymq.broker.send.MessageWriter;
import io.ferrymq.broker.send.SendBackProcessor;
import io.ferrymq.broker.send.ReplyMessageProcessor;
import io.ferrymq.broker.send.SendMessageProcessor;
import io.ferrymq.broker.state.BrokerMetadata;
import io.ferrymq.broker.stats.BrokerStats;
import io.ferrymq.broker.stats.RuntimeInfo;
import io.ferrymq.broker.timer.TimerMessageService;
import io.ferrymq.broker.timer.TimerRewrite;
import io.ferrymq.broker.topic.TopicConfigManager;
import io.ferrymq.remoting.ChannelEventListener;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.netty.NettyClientConfig;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.netty.NettyRemotingServer;
import io.ferrymq.remoting.netty.NettyServerConfig;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.config.StoreConfig;
import io.netty.channel.Channel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker, wired explicitly: the store, metadata managers, client registries, the request
 * processors bound to their executors on the main port and the VIP port, long polling, delayed
 * delivery and name-server registration. {@link #start()} then {@link #shutdown()}; nothing here is
 * handed to other components as a whole.
 */
public final class BrokerController {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerController.class);
    private static final long HOUSEKEEPING_MILLIS = 10_000;
    private static final long HOLD_CHECK_MILLIS = 100;
    private static final long SCHEDULE_POLL_MILLIS = 100;
    private static final long TIMER_TICK_MILLIS = 100;

    private final BrokerConfig config;
    private final StoreConfig storeConfig;
    private final InstantSource clock;
    private final LongSupplier nanoClock;
    private final PullHoldService holds;
    private final MessageStore store;
    private final TopicConfigManager topics;
    private final ConsumerOffsetManager offsets;
    private final SubscriptionGroups groups;
    private final BrokerMetadata metadata;
    private final LiveBrokerSettings settings;
    private final BrokerStats stats;
    private TransactionService transactions;
    private final ProducerRegistry producers = new ProducerRegistry();
    private final ConsumerRegistry consumers;
    private final NettyRemotingServer server;
    private final NettyRemotingServer vipServer;
    private final NettyRemotingClient namesrvClient;
    private final BrokerExecutors executors;
    private final ScheduledExecutorService housekeeping =
            Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("BrokerHousekeeping", true));
    private BrokerIdentity identity;
    private volatile ScheduleMessageService schedule;
    private TimerMessageService timers;
    private NameServerRegistrar registrar;

    public BrokerController(BrokerConfig config, StoreConfig storeConfig) {
        this(config, storeConfig, null, InstantSource.system(), System::nanoTime);
    }

    /** @param configFile the file the config came from, where UPDATE_BROKER_CONFIG writes changes (or null) */
    public BrokerController(BrokerConfig config, StoreConfig storeConfig, Path configFile) {
        this(config, storeConfig, configFile, InstantSource.system(), System::nanoTime);
    }

    public BrokerController(BrokerConfig config, StoreConfig storeConfig, InstantSource clock, LongSupplier nanoClock) {
        this(config, storeConfig, null, clock, nanoClock);
    }

    private BrokerController(BrokerConfig config, StoreConfig storeConfig, Path configFile, InstantSource clock,
                             LongSupplier nanoClock) {
        this.config = config;
        this.storeConfig = storeConfig;
        this.settings = new LiveBrokerSettings(config, storeConfig, configFile, clock);
        this.clock = clock;
        this.nanoClock = nanoClock;
        this.holds = new PullHoldService(nanoClock, HOLD_CHECK_MILLIS);
        BrokerStats brokerStats = new BrokerStats(clock, ZoneId.systemDefault());
        this.stats = brokerStats;
        this.store = new MessageStore(storeConfig, clock, nanoClock, (topic, queueId, queueOffset, tagsCode) -> {
            brokerStats.onStored();
            holds.arrived(topic, queueId, queueOffset, tagsCode);
        });
        this.metadata = new BrokerMetadata(storeConfig.metadataDir(), storeConfig.rootDir().resolve("config"));
        this.topics = new TopicConfigManager(config, metadata.topics(), clock, storeConfig.messageDelayLevels().size());
        this.offsets = new ConsumerOffsetManager(metadata.consumerOffsets());
        this.groups = new SubscriptionGroups(settings::autoCreateSubscriptionGroup, metadata.subscriptionGroups(), clock);
        this.consumers = new ConsumerRegistry(this::onConsumerGroupChanged);
        ChannelEventListener listener = new ChannelEventListener() {
            @Override
            public void onChannelClose(String remoteAddr, Channel channel) {
                forget(channel);
            }

            @Override
            public void onChannelException(String remoteAddr, Channel channel) {
                forget(channel);
            }

            @Override
            public void onChannelIdle(String remoteAddr, Channel channel) {
                channel.close();
                forget(channel);
            }
        };
        this.server = new NettyRemotingServer(serverConfig(config.listenPort()), listener);
        this.vipServer = config.fastListenPort() >= 0
                ? new NettyRemotingServer(serverConfig(config.fastListenPort()), listener) : null;
        this.namesrvClient = new NettyRemotingClient(new NettyClientConfig());
        this.executors = new BrokerExecutors(config);
    }

    private NettyServerConfig serverConfig(int port) {
        return new NettyServerConfig().setBindAddress(config.bindAddress()).setListenPort(port)
                .setServerSelectorThreads(config.serverSelectorThreads())
                .setServerChannelMaxIdleTimeSeconds((int) config.clientChannelExpiredTime().toSeconds());
    }

    private ConsumerIdsChangeNotifier notifier;

    private void onConsumerGroupChanged(ConsumerGroup group) {
        ConsumerIdsChangeNotifier n = notifier;
        if (n != null) {
            n.accept(group);
        }
    }

    private void forget(Channel channel) {
        consumers.channelClosed(channel);
        producers.channelClosed(channel);
    }

    /**
     * Binds the ports, loads metadata while the store recovers, starts the services, then accepts
     * connections and registers with the name servers; returns once they answered (or timed out).
     */
    public void start() throws IOException {
        start(new StartupTimeline(clock));
    }

    /**
     * {@link #start()}, marking the end of each phase in {@code timeline}. Nothing is accepted before
     * every processor and service is in place: the ports are bound first (so a taken port fails fast
     * and the advertised address is known) but connections wait in the backlog until then.
     */
    public void start(StartupTimeline timeline) throws IOException {
        FutureTask<Void> storeStart = beside("BrokerStoreStart", () -> {
            store.start();
            timeline.mark("store");
        });
        FutureTask<Void> metadataLoad = beside("BrokerMetadataLoad", () -> {
            loadMetadata();
            timeline.mark("metadata");
        });
        Throwable failure = null;
        try {
            server.bind();
            if (vipServer != null) {
                vipServer.bind();
            }
            identity = BrokerIdentity.of(config, server.localPort());
            registrar = new NameServerRegistrar(config.namesrvAddrs(), identity, topics, settings::brokerPermission,
                    config.registerNameServerPeriod(), namesrvClient);
            registrar.connectAhead();
            timeline.mark("bound");
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        failure = await(storeStart, failure);
        failure = await(metadataLoad, failure);
        if (failure != null) {
            rethrow(failure);
        }
        startServices();
        timeline.mark("services");
        server.acceptConnections();
        if (vipServer != null) {
            vipServer.acceptConnections();
        }
        topics.setOnChange(registrar::registerSoon);
        settings.onPermissionChange(topics::routesChanged);
        registrar.start();
        timeline.mark("accepting");
        registrar.firstRegistration().thenRun(() -> timeline.mark("registered"));
        registrar.awaitFirstRegistration();
        timeline.mark("ready");
        LOG.info("broker {} ({}) of cluster {} serving on {}{}", config.brokerName(), config.brokerId(),
                config.brokerClusterName(), identity.address(),
                vipServer == null ? "" : " and VIP port " + vipServer.localPort());
    }

    /** Opens the metadata store, then loads saved topics (plus the system topics), offsets and groups. */
    private void loadMetadata() throws IOException {
        metadata.open();
        topics.load();
        offsets.load();
        groups.load();
        for (String topic : List.of(SystemTopics.TRANS_HALF_TOPIC, SystemTopics.TRANS_OP_HALF_TOPIC,
                SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC)) {
            topics.findOrCreateSystem(topic, 1, PermName.PERM_READ_WRITE);
        }
    }

    /** A start-up step that does not depend on the others, run on its own short-lived thread. */
    private interface StartupStep {
        void run() throws IOException;
    }

    private static FutureTask<Void> beside(String threadName, StartupStep step) {
        FutureTask<Void> task = new FutureTask<>(() -> {
            step.run();
            return null;
        });
        new Thread(task, threadName).start();
        return task;
    }

    /** Waits for {@code task}; returns the first failure of the start so far (earlier ones win). */
    private static Throwable await(FutureTask<Void> task, Throwable failure) {
        try {
            task.get();
            return failure;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return first(failure, new IOException("interrupted while the broker started", e));
        } catch (ExecutionException e) {
            return first(failure, e.getCause());
        }
    }

    private static Throwable first(Throwable earlier, Throwable later) {
        if (earlier == null) {
            return later;
        }
        earlier.addSuppressed(later);
        return earlier;
    }

    private static void rethrow(Throwable failure) throws IOException {
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        throw new IOException("broker start failed", failure);
    }

    /** Everything a request may need: the processors, transactions, long polling, delays, timers, housekeeping. */
    private void startServices() throws IOException {
        notifier = new ConsumerIdsChangeNotifier(server);
        MessageWriter writer = new MessageWriter(store, topics, storeConfig.messageDelayLevels().size(),
                new TimerRewrite(config.timerWheelEnable(), config.timerMaxDelay(), clock,
                        UniqueIdGenerator.createDefault()));
        transactions = new TransactionService(config.transactionConfig(), store, writer::put,
                new ProducerCheckBackSender(producers, server, identity), new OffsetProgressStore(offsets),
                identity.storeHost(), clock);
        transactions.start();
        registerProcessors(writer);
        holds.start();
        schedule = new ScheduleMessageService(store, writer, identity, metadata.delayOffsets(), clock,
                storeConfig.messageDelayLevels(), SCHEDULE_POLL_MILLIS);
        schedule.start();
        timers = new TimerMessageService(store, new ParkedRedelivery(writer, identity), metadata.timerProgress(),
                clock, TIMER_TICK_MILLIS);
        timers.start();
        long flush = config.flushConsumerOffsetInterval().toMillis();
        housekeeping.scheduleAtFixedRate(this::persistQuietly, flush, flush, TimeUnit.MILLISECONDS);
        housekeeping.scheduleAtFixedRate(stats::sample, BrokerStats.SAMPLE_MILLIS, BrokerStats.SAMPLE_MILLIS,
                TimeUnit.MILLISECONDS);
        housekeeping.scheduleAtFixedRate(this::expireClients, HOUSEKEEPING_MILLIS, HOUSEKEEPING_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    private void registerProcessors(MessageWriter writer) {
        BrokerExecutors e = executors;
        SubscriptionFilters filters = new SubscriptionFilters(config.enablePropertyFilter());
        SendMessageProcessor send = new SendMessageProcessor(config, settings, identity, topics, groups, writer, store);
        bind(RequestCode.SEND_MESSAGE, send, e.send);
        bind(RequestCode.SEND_MESSAGE_V2, send, e.send);
        bind(RequestCode.SEND_BATCH_MESSAGE, send, e.send);
        ReplyMessageProcessor reply = new ReplyMessageProcessor(send, producers, server, identity, clock);
        bind(RequestCode.SEND_REPLY_MESSAGE, reply, e.send);
        bind(RequestCode.SEND_REPLY_MESSAGE_V2, reply, e.send);
        bind(RequestCode.CONSUMER_SEND_MSG_BACK, new SendBackProcessor(topics, groups, store, writer), e.send);
        bind(RequestCode.END_TRANSACTION, new EndTransactionProcessor(transactions, store), e.send);

        PullMessageProcessor pull = new PullMessageProcessor(settings, identity, topics, groups, consumers, offsets, store,
                holds, nanoClock, e.pull, stats, filters);
        bind(RequestCode.PULL_MESSAGE, pull, e.pull);
        // the 5.x client's lite pull consumer: the same header and answer under its own code
        bind(RequestCode.LITE_PULL_MESSAGE, pull, e.pull);

        ClientManageProcessor clients = new ClientManageProcessor(consumers, producers, groups, topics, clock, filters);
        bind(RequestCode.HEART_BEAT, clients::heartbeat, e.heartbeat);
        bind(RequestCode.UNREGISTER_CLIENT, clients::unregisterClient, e.clientManage);
        bind(RequestCode.CHECK_CLIENT_CONFIG, clients::checkClientConfig, e.clientManage);
        bind(RequestCode.GET_CONSUMER_LIST_BY_GROUP, clients::consumerList, e.consumerManage);

        OffsetProcessor offsetProcessor = new OffsetProcessor(offsets, store, hotWindowBytes());
        bind(RequestCode.QUERY_CONSUMER_OFFSET, offsetProcessor::queryConsumerOffset, e.consumerManage);
        bind(RequestCode.UPDATE_CONSUMER_OFFSET, offsetProcessor::updateConsumerOffset, e.consumerManage);
        bind(RequestCode.GET_MAX_OFFSET, offsetProcessor::maxOffset, e.consumerManage);
        bind(RequestCode.GET_MIN_OFFSET, offsetProcessor::minOffset, e.consumerManage);
        bind(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, offsetProcessor::searchOffsetByTimestamp, e.consumerManage);
        bind(RequestCode.GET_EARLIEST_MSG_STORETIME, offsetProcessor::earliestMessageStoreTime, e.consumerManage);
        bind(RequestCode.VIEW_MESSAGE_BY_ID, offsetProcessor::viewMessageById, e.query);
        bind(RequestCode.QUERY_MESSAGE, new QueryMessageProcessor(store), e.query);

        QueueLockProcessor locks = new QueueLockProcessor(new QueueLockManager(clock,
                config.lockMaxLiveTime().toMillis()));
        bind(RequestCode.LOCK_BATCH_MQ, locks::lock, e.consumerManage);
        bind(RequestCode.UNLOCK_BATCH_MQ, locks::unlock, e.consumerManage);

        TopicAdminProcessor admin = new TopicAdminProcessor(topics, config.brokerClusterName());
        bind(RequestCode.UPDATE_AND_CREATE_TOPIC, admin::updateAndCreateTopic, e.admin);
        bind(RequestCode.DELETE_TOPIC_IN_BROKER, admin::deleteTopic, e.admin);
        bind(RequestCode.GET_ALL_TOPIC_CONFIG, admin::allTopicConfig, e.admin);
        bind(RequestCode.GET_TOPIC_CONFIG, admin::topicConfig, e.admin);
        OffsetResetProcessor reset = new OffsetResetProcessor(topics, consumers, offsets, store, server,
                config.brokerName());
        bind(RequestCode.INVOKE_BROKER_TO_RESET_OFFSET, reset::resetOffset, e.admin);
        bind(RequestCode.CLONE_GROUP_OFFSET, reset::cloneGroupOffset, e.admin);
        ConsumerCallProcessor consumerCalls = new ConsumerCallProcessor(consumers, server, store);
        bind(RequestCode.GET_CONSUMER_RUNNING_INFO, consumerCalls::consumerRunningInfo, e.admin);
        bind(RequestCode.CONSUME_MESSAGE_DIRECTLY, consumerCalls::consumeMessageDirectly, e.admin);

        StatsAdminProcessor statsAdmin = new StatsAdminProcessor(config.brokerName(), topics, groups, consumers,
                offsets, store, stats, new RuntimeInfo(stats, store, storeConfig.commitLogDir(),
                storeConfig.consumeQueueDir(), () -> e.queueInfo(config), transactions::stats, clock));
        bind(RequestCode.GET_BROKER_RUNTIME_INFO, statsAdmin::runtimeInfo, e.admin);
        bind(RequestCode.GET_TOPIC_STATS_INFO, statsAdmin::topicStats, e.admin);
        bind(RequestCode.GET_CONSUME_STATS, statsAdmin::consumeStats, e.admin);
        ConnectionAdminProcessor connections = new ConnectionAdminProcessor(consumers, producers, offsets);
        bind(RequestCode.GET_CONSUMER_CONNECTION_LIST, connections::consumerConnections, e.admin);
        bind(RequestCode.GET_PRODUCER_CONNECTION_LIST, connections::producerConnections, e.admin);
        bind(RequestCode.QUERY_TOPIC_CONSUME_BY_WHO, connections::topicConsumeByWho, e.admin);
        SubscriptionGroupAdminProcessor groupAdmin = new SubscriptionGroupAdminProcessor(groups, offsets, stats);
        bind(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, groupAdmin::updateAndCreate, e.admin);
        bind(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG, groupAdmin::all, e.admin);
        bind(RequestCode.DELETE_SUBSCRIPTIONGROUP, groupAdmin::delete, e.admin);
        MetadataAdminProcessor metadata = new MetadataAdminProcessor(settings, offsets,
                () -> schedule == null ? Map.of() : schedule.offsetTable());
        bind(RequestCode.GET_BROKER_CONFIG, metadata::brokerConfig, e.admin);
        bind(RequestCode.UPDATE_BROKER_CONFIG, metadata::updateBrokerConfig, e.admin);
        bind(RequestCode.GET_ALL_CONSUMER_OFFSET, metadata::allConsumerOffsets, e.admin);
        bind(RequestCode.GET_ALL_DELAY_OFFSET, metadata::allDelayOffsets, e.admin);
        TransactionAdminProcessor txAdmin = new TransactionAdminProcessor(transactions, config.brokerName(), clock);
        bind(FerryRequestCode.LIST_TRANSACTIONS, txAdmin::list, e.admin);
        bind(FerryRequestCode.RESOLVE_TRANSACTION, txAdmin::resolve, e.admin);
        bind(FerryRequestCode.TRANSACTION_TIMELINE, txAdmin::timeline, e.admin);
        bind(FerryRequestCode.TRANSACTION_STATS, txAdmin::stats, e.admin);
    }

    private void bind(int code, RequestProcessor processor, ExecutorService executor) {
        server.registerProcessor(code, processor, executor);
        if (vipServer != null) {
            vipServer.registerProcessor(code, processor, executor);
        }
    }

    /** 40 % of physical memory: how recent a message must be for offset 0 to count as "in memory". */
    private static long hotWindowBytes() {
        try {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getTotalMemorySize() * 40 / 100;
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("physical memory size unknown: {}", e.toString());
        }
        return 4L << 30;
    }

    private void persistQuietly() {
        try {
            offsets.persist();
            if (schedule != null) {
                schedule.persist();
            }
            if (timers != null) {
                timers.persist();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("saving consumer offsets failed: {}", e.toString());
        }
    }

    private void expireClients() {
        try {
            long now = clock.millis();
            long expiry = config.clientChannelExpiredTime().toMillis();
            List<Channel> closed = new ArrayList<>(consumers.expire(now, expiry));
            closed.addAll(producers.expire(now, expiry));
            for (Channel ch : closed) {
                LOG.info("client connection {} silent for {} ms: closed", ch.remoteAddress(), expiry);
                ch.close();
            }
        } catch (RuntimeException e) {
            LOG.warn("client expiry scan failed: {}", e.toString());
        }
    }

    private void stopSchedule() {
        try {
            schedule.shutdown();
        } catch (IOException e) {
            LOG.warn("saving delay progress failed: {}", e.toString());
        }
    }

    private void stopTimers() {
        try {
            timers.shutdown();
        } catch (IOException e) {
            LOG.warn("saving timer progress failed: {}", e.toString());
        }
    }

    private void stopStore() {
        try {
            store.shutdown();
        } catch (IOException e) {
            LOG.warn("store shutdown failed: {}", e.toString());
        }
    }

    /** Unregisters, answers parked pulls, closes the ports, saves offsets and stops the store. */
    public void shutdown() {
        if (registrar != null) {
            runQuietly(registrar::shutdown);
        }
        runQuietly(holds::shutdown);
        runQuietly(server::shutdown);
        if (vipServer != null) {
            runQuietly(vipServer::shutdown);
        }
        housekeeping.shutdownNow();
        executors.shutdown();
        if (schedule != null) {
            stopSchedule();
        }
        if (timers != null) {
            stopTimers();
        }
        if (transactions != null) {
            runQuietly(transactions::shutdown);
        }
        try {
            offsets.persist();
        } catch (IOException e) {
            LOG.warn("saving consumer offsets failed: {}", e.toString());
        }
        runQuietly(metadata::close);
        stopStore();
        namesrvClient.shutdown();
        LOG.info("broker {} stopped", config.brokerName());
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.warn("shutdown step failed: {}", e.toString());
        }
    }

    /** The bound main port. */
    public int port() {
        return server.localPort();
    }

    /** The bound VIP port, or -1. */
    public int vipPort() {
        return vipServer == null ? -1 : vipServer.localPort();
    }

    /** The advertised {@code ip:port}. */
    public String address() {
        return identity.address();
    }

    public BrokerIdentity identity() {
        return identity;
    }

    public MessageStore store() {
        return store;
    }

    public TopicConfigManager topics() {
        return topics;
    }

    /** Timer messages (null before {@link #start()}). */
    public TimerMessageService timers() {
        return timers;
    }

    public ConsumerOffsetManager offsets() {
        return offsets;
    }

    public PullHoldService holds() {
        return holds;
    }

    /** The transaction service (started by {@link #start()}). */
    public TransactionService transactions() {
        return transactions;
    }
}
