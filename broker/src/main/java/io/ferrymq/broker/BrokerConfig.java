package io.ferrymq.broker;

import io.ferrymq.store.config.ConfigReader;
import io.ferrymq.store.config.StoreConfig;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.ferrymq.transaction.TransactionConfig;
import java.util.Properties;
import java.util.Set;

/**
 * Typed, validated broker settings parsed once from RocketMQ's key names. Store keys of the same file
 * go to {@link StoreConfig}; {@link #load(Properties)} parses both and reports the keys nobody knew.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>unit</th><th>default</th></tr>
 *   <tr><td>namesrvAddr</td><td>host:port;host:port</td><td>none (no registration)</td></tr>
 *   <tr><td>brokerClusterName</td><td></td><td>DefaultCluster</td></tr>
 *   <tr><td>brokerName</td><td></td><td>broker-a</td></tr>
 *   <tr><td>brokerId</td><td>0 = master</td><td>0</td></tr>
 *   <tr><td>listenPort</td><td>port; 0 = ephemeral (no VIP port then)</td><td>10911</td></tr>
 *   <tr><td>fastListenPort</td><td>the "VIP channel" port; -1 = off</td><td>listenPort - 2</td></tr>
 *   <tr><td>bindAddress</td><td></td><td>0.0.0.0</td></tr>
 *   <tr><td>brokerIP1</td><td>advertised IP</td><td>first site-local IPv4, else 127.0.0.1</td></tr>
 *   <tr><td>autoCreateTopicEnable</td><td>boolean</td><td>true</td></tr>
 *   <tr><td>autoCreateSubscriptionGroup</td><td>boolean</td><td>true</td></tr>
 *   <tr><td>defaultTopicQueueNums</td><td>queues</td><td>8</td></tr>
 *   <tr><td>brokerPermission</td><td>perm bits</td><td>6</td></tr>
 *   <tr><td>registerNameServerPeriod</td><td>ms</td><td>30 000</td></tr>
 *   <tr><td>sendMessageThreadPoolNums, pullMessageThreadPoolNums, ...</td><td>threads</td><td>see code</td></tr>
 *   <tr><td>longPollingEnable</td><td>boolean</td><td>true</td></tr>
 *   <tr><td>shortPollingTimeMills</td><td>ms</td><td>1 000</td></tr>
 *   <tr><td>clientChannelExpiredTime</td><td>ms</td><td>120 000</td></tr>
 *   <tr><td>flushConsumerOffsetInterval</td><td>ms</td><td>5 000</td></tr>
 *   <tr><td>lockMaxLiveTime</td><td>ms</td><td>60 000</td></tr>
 *   <tr><td>regionId, traceOn</td><td></td><td>DefaultRegion, true</td></tr>
 *   <tr><td>timerWheelEnable</td><td>boolean: accept timer messages (TIMER_DELAY_SEC, ...)</td><td>true</td></tr>
 *   <tr><td>timerMaxDelaySec</td><td>s: furthest delivery time accepted</td><td>259 200 (3 days)</td></tr>
 *   <tr><td>enablePropertyFilter</td><td>boolean: serve SQL92 subscriptions</td><td>true (RocketMQ: false)</td></tr>
 * </table>
 */
public final class BrokerConfig {

    /** Keys RocketMQ users commonly have in broker.conf that FerryMQ accepts without acting on them. */
    private static final Set<String> ACCEPTED_ROCKETMQ_KEYS = Set.of("rocketmqHome", "brokerRole",
            "haListenPort", "brokerIP2", "fetchNamesrvAddrByAddressServer",
            "waitTimeMillsInSendQueue", "osPageCacheBusyTimeOutMills", "transientStorePoolEnable",
            "useReentrantLockWhenPutMessage", "slaveReadEnable", "aclEnable", "storePathIndex",
            "storePathConsumeQueue", "brokerFastFailureEnable", "clusterTopicEnable", "brokerTopicEnable");

    /** What a config file turned into. */
    public record Loaded(BrokerConfig broker, StoreConfig store, Set<String> unknownKeys) {
    }

    private final List<String> namesrvAddrs;
    private final String brokerClusterName;
    private final String brokerName;
    private final long brokerId;
    private final int listenPort;
    private final int fastListenPort;
    private final String bindAddress;
    private final String brokerIP1;
    private final boolean autoCreateTopicEnable;
    private final boolean autoCreateSubscriptionGroup;
    private final int defaultTopicQueueNums;
    private final int brokerPermission;
    private final Duration registerNameServerPeriod;
    private final TransactionConfig transactionConfig;
    private final int sendMessageThreadPoolNums;
    private final int pullMessageThreadPoolNums;
    private final int queryMessageThreadPoolNums;
    private final int adminBrokerThreadPoolNums;
    private final int clientManageThreadPoolNums;
    private final int consumerManageThreadPoolNums;
    private final int heartbeatThreadPoolNums;
    private final int sendThreadPoolQueueCapacity;
    private final int pullThreadPoolQueueCapacity;
    private final int otherThreadPoolQueueCapacity;
    private final boolean longPollingEnable;
    private final Duration shortPollingTime;
    private final Duration clientChannelExpiredTime;
    private final Duration flushConsumerOffsetInterval;
    private final Duration lockMaxLiveTime;
    private final String regionId;
    private final boolean traceOn;
    private final int serverSelectorThreads;
    private final boolean enablePropertyFilter;
    private final boolean timerWheelEnable;
    private final Duration timerMaxDelay;

    private BrokerConfig(ConfigReader r) {
        String ns = r.raw("namesrvAddr");
        List<String> addrs = new ArrayList<>();
        if (ns != null) {
            for (String a : ns.split(";")) {
                if (!a.isBlank()) {
                    addrs.add(a.trim());
                }
            }
        }
        namesrvAddrs = List.copyOf(addrs);
        brokerClusterName = r.string("brokerClusterName", "DefaultCluster");
        brokerName = r.string("brokerName", "broker-a");
        brokerId = r.longValue("brokerId", 0, 0, Long.MAX_VALUE);
        listenPort = r.intValue("listenPort", 10911, 0, 65535);
        int defaultFast = listenPort >= 3 ? listenPort - 2 : -1;
        fastListenPort = r.intValue("fastListenPort", defaultFast, -1, 65535);
        bindAddress = r.string("bindAddress", "0.0.0.0");
        brokerIP1 = r.string("brokerIP1", localAddress());
        autoCreateTopicEnable = r.bool("autoCreateTopicEnable", true);
        autoCreateSubscriptionGroup = r.bool("autoCreateSubscriptionGroup", true);
        defaultTopicQueueNums = r.intValue("defaultTopicQueueNums", 8, 1, 1024);
        brokerPermission = r.intValue("brokerPermission", 6, 0, 15);
        transactionConfig = new TransactionConfig(
                r.longValue("transactionTimeOut", TransactionConfig.DEFAULTS.timeoutMillis(), 0, Long.MAX_VALUE),
                r.longValue("transactionCheckInterval", TransactionConfig.DEFAULTS.checkIntervalMillis(), 1,
                        Long.MAX_VALUE),
                r.intValue("transactionCheckMax", TransactionConfig.DEFAULTS.checkMax(), 1, Integer.MAX_VALUE),
                r.longValue("transactionScanPeriod", TransactionConfig.DEFAULTS.scanPeriodMillis(), 1, 60_000),
                r.intValue("transactionCheckRatePerGroup", TransactionConfig.DEFAULTS.checksPerSecondPerGroup(), 1,
                        1_000_000));
        registerNameServerPeriod = r.duration("registerNameServerPeriod", Duration.ofSeconds(30), ChronoUnit.MILLIS,
                Duration.ofSeconds(1));
        int cores = Runtime.getRuntime().availableProcessors();
        sendMessageThreadPoolNums = r.intValue("sendMessageThreadPoolNums", Math.min(4, cores), 1, 256);
        pullMessageThreadPoolNums = r.intValue("pullMessageThreadPoolNums", 4 + cores, 1, 256);
        queryMessageThreadPoolNums = r.intValue("queryMessageThreadPoolNums", 2 + cores, 1, 256);
        adminBrokerThreadPoolNums = r.intValue("adminBrokerThreadPoolNums", 4, 1, 256);
        clientManageThreadPoolNums = r.intValue("clientManageThreadPoolNums", 4, 1, 256);
        consumerManageThreadPoolNums = r.intValue("consumerManageThreadPoolNums", 4, 1, 256);
        heartbeatThreadPoolNums = r.intValue("heartbeatThreadPoolNums", Math.min(8, cores), 1, 256);
        sendThreadPoolQueueCapacity = r.intValue("sendThreadPoolQueueCapacity", 10_000, 1, 1 << 24);
        pullThreadPoolQueueCapacity = r.intValue("pullThreadPoolQueueCapacity", 100_000, 1, 1 << 24);
        otherThreadPoolQueueCapacity = r.intValue("clientManagerThreadPoolQueueCapacity", 100_000, 1, 1 << 24,
                "consumerManagerThreadPoolQueueCapacity", "queryThreadPoolQueueCapacity",
                "heartbeatThreadPoolQueueCapacity");
        longPollingEnable = r.bool("longPollingEnable", true);
        shortPollingTime = r.duration("shortPollingTimeMills", Duration.ofSeconds(1), ChronoUnit.MILLIS,
                Duration.ofMillis(1));
        clientChannelExpiredTime = r.duration("clientChannelExpiredTime", Duration.ofSeconds(120),
                ChronoUnit.MILLIS, Duration.ofSeconds(1));
        flushConsumerOffsetInterval = r.duration("flushConsumerOffsetInterval", Duration.ofSeconds(5),
                ChronoUnit.MILLIS, Duration.ofMillis(100));
        lockMaxLiveTime = r.duration("lockMaxLiveTime", Duration.ofSeconds(60), ChronoUnit.MILLIS,
                Duration.ofSeconds(1));
        regionId = r.string("regionId", "DefaultRegion");
        traceOn = r.bool("traceOn", true);
        serverSelectorThreads = r.intValue("serverSelectorThreads", 3, 1, 64);
        enablePropertyFilter = r.bool("enablePropertyFilter", true);
        timerWheelEnable = r.bool("timerWheelEnable", true);
        timerMaxDelay = r.duration("timerMaxDelaySec", Duration.ofDays(3), ChronoUnit.SECONDS, Duration.ofSeconds(1));
        for (String key : ACCEPTED_ROCKETMQ_KEYS) {
            r.raw(key);
        }
    }

    /** Parses broker and store keys of one config file; throws IllegalArgumentException naming a bad key. */
    public static Loaded load(Properties props) {
        ConfigReader reader = new ConfigReader(props);
        BrokerConfig broker = new BrokerConfig(reader);
        StoreConfig store = StoreConfig.from(reader);
        return new Loaded(broker, store, reader.unconsumedKeys());
    }

    /** The effective values, in key order, for {@code -p}. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("namesrvAddr", String.join(";", namesrvAddrs));
        m.put("brokerClusterName", brokerClusterName);
        m.put("brokerName", brokerName);
        m.put("brokerId", Long.toString(brokerId));
        m.put("listenPort", Integer.toString(listenPort));
        m.put("fastListenPort", Integer.toString(fastListenPort));
        m.put("bindAddress", bindAddress);
        m.put("brokerIP1", brokerIP1);
        m.put("autoCreateTopicEnable", Boolean.toString(autoCreateTopicEnable));
        m.put("autoCreateSubscriptionGroup", Boolean.toString(autoCreateSubscriptionGroup));
        m.put("defaultTopicQueueNums", Integer.toString(defaultTopicQueueNums));
        m.put("brokerPermission", Integer.toString(brokerPermission));
        m.put("registerNameServerPeriod", Long.toString(registerNameServerPeriod.toMillis()));
        m.put("transactionTimeOut", Long.toString(transactionConfig.timeoutMillis()));
        m.put("transactionCheckInterval", Long.toString(transactionConfig.checkIntervalMillis()));
        m.put("transactionCheckMax", Integer.toString(transactionConfig.checkMax()));
        m.put("transactionScanPeriod", Long.toString(transactionConfig.scanPeriodMillis()));
        m.put("transactionCheckRatePerGroup", Integer.toString(transactionConfig.checksPerSecondPerGroup()));
        m.put("sendMessageThreadPoolNums", Integer.toString(sendMessageThreadPoolNums));
        m.put("pullMessageThreadPoolNums", Integer.toString(pullMessageThreadPoolNums));
        m.put("queryMessageThreadPoolNums", Integer.toString(queryMessageThreadPoolNums));
        m.put("adminBrokerThreadPoolNums", Integer.toString(adminBrokerThreadPoolNums));
        m.put("clientManageThreadPoolNums", Integer.toString(clientManageThreadPoolNums));
        m.put("consumerManageThreadPoolNums", Integer.toString(consumerManageThreadPoolNums));
        m.put("heartbeatThreadPoolNums", Integer.toString(heartbeatThreadPoolNums));
        m.put("sendThreadPoolQueueCapacity", Integer.toString(sendThreadPoolQueueCapacity));
        m.put("pullThreadPoolQueueCapacity", Integer.toString(pullThreadPoolQueueCapacity));
        m.put("longPollingEnable", Boolean.toString(longPollingEnable));
        m.put("shortPollingTimeMills", Long.toString(shortPollingTime.toMillis()));
        m.put("clientChannelExpiredTime", Long.toString(clientChannelExpiredTime.toMillis()));
        m.put("flushConsumerOffsetInterval", Long.toString(flushConsumerOffsetInterval.toMillis()));
        m.put("lockMaxLiveTime", Long.toString(lockMaxLiveTime.toMillis()));
        m.put("regionId", regionId);
        m.put("traceOn", Boolean.toString(traceOn));
        m.put("serverSelectorThreads", Integer.toString(serverSelectorThreads));
        m.put("enablePropertyFilter", Boolean.toString(enablePropertyFilter));
        m.put("timerWheelEnable", Boolean.toString(timerWheelEnable));
        m.put("timerMaxDelaySec", Long.toString(timerMaxDelay.toSeconds()));
        return Collections.unmodifiableMap(m);
    }

    /** The store keys worth showing with {@code -p}. */
    public static Map<String, String> storeAsMap(StoreConfig s) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("storePathRootDir", s.rootDir().toString());
        m.put("storePathCommitLog", s.commitLogDir().toString());
        m.put("mapedFileSizeCommitLog", Integer.toString(s.commitLogSegmentBytes()));
        m.put("mapedFileSizeConsumeQueue", Integer.toString(s.consumeQueueSegmentBytes()));
        m.put("flushDiskType", s.flushDiskType().name());
        m.put("flushIntervalCommitLog", Long.toString(s.flushInterval().toMillis()));
        m.put("syncFlushTimeout", Long.toString(s.syncFlushTimeout().toMillis()));
        m.put("fileReservedTime", Long.toString(s.fileReservedTime().toHours()));
        m.put("diskMaxUsedSpaceRatio", Integer.toString(s.diskMaxUsedSpaceRatio()));
        m.put("maxMessageSize", Integer.toString(s.maxMessageSize()));
        m.put("messageIndexEnable", Boolean.toString(s.messageIndexEnable()));
        StringBuilder levels = new StringBuilder();
        for (Duration d : s.messageDelayLevels()) {
            levels.append(levels.length() == 0 ? "" : " ").append(formatLevel(d));
        }
        m.put("messageDelayLevel", levels.toString());
        return m;
    }

    private static String formatLevel(Duration d) {
        long s = d.toSeconds();
        if (s % 86400 == 0) {
            return s / 86400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    private static String localAddress() {
        try {
            Enumeration<NetworkInterface> nics = NetworkInterface.getNetworkInterfaces();
            String fallback = null;
            while (nics != null && nics.hasMoreElements()) {
                NetworkInterface nic = nics.nextElement();
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                    continue;
                }
                Enumeration<InetAddress> addresses = nic.getInetAddresses();
                while (addresses.hasMoreElements()) {
                    InetAddress a = addresses.nextElement();
                    if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                        if (a.isSiteLocalAddress()) {
                            return a.getHostAddress();
                        }
                        if (fallback == null) {
                            fallback = a.getHostAddress();
                        }
                    }
                }
            }
            return fallback == null ? "127.0.0.1" : fallback;
        } catch (SocketException e) {
            return "127.0.0.1";
        }
    }

    public List<String> namesrvAddrs() {
        return namesrvAddrs;
    }

    public String brokerClusterName() {
        return brokerClusterName;
    }

    public String brokerName() {
        return brokerName;
    }

    public long brokerId() {
        return brokerId;
    }

    public int listenPort() {
        return listenPort;
    }

    /** The VIP-channel port, or -1 when there is none. */
    public int fastListenPort() {
        return fastListenPort;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public String brokerIP1() {
        return brokerIP1;
    }

    public boolean autoCreateTopicEnable() {
        return autoCreateTopicEnable;
    }

    public boolean autoCreateSubscriptionGroup() {
        return autoCreateSubscriptionGroup;
    }

    public int defaultTopicQueueNums() {
        return defaultTopicQueueNums;
    }

    public int brokerPermission() {
        return brokerPermission;
    }

    public TransactionConfig transactionConfig() {
        return transactionConfig;
    }

    public Duration registerNameServerPeriod() {
        return registerNameServerPeriod;
    }

    public int sendMessageThreadPoolNums() {
        return sendMessageThreadPoolNums;
    }

    public int pullMessageThreadPoolNums() {
        return pullMessageThreadPoolNums;
    }

    public int queryMessageThreadPoolNums() {
        return queryMessageThreadPoolNums;
    }

    public int adminBrokerThreadPoolNums() {
        return adminBrokerThreadPoolNums;
    }

    public int clientManageThreadPoolNums() {
        return clientManageThreadPoolNums;
    }

    public int consumerManageThreadPoolNums() {
        return consumerManageThreadPoolNums;
    }

    public int heartbeatThreadPoolNums() {
        return heartbeatThreadPoolNums;
    }

    public int sendThreadPoolQueueCapacity() {
        return sendThreadPoolQueueCapacity;
    }

    public int pullThreadPoolQueueCapacity() {
        return pullThreadPoolQueueCapacity;
    }

    public int otherThreadPoolQueueCapacity() {
        return otherThreadPoolQueueCapacity;
    }

    public boolean longPollingEnable() {
        return longPollingEnable;
    }

    public Duration shortPollingTime() {
        return shortPollingTime;
    }

    public Duration clientChannelExpiredTime() {
        return clientChannelExpiredTime;
    }

    public Duration flushConsumerOffsetInterval() {
        return flushConsumerOffsetInterval;
    }

    public Duration lockMaxLiveTime() {
        return lockMaxLiveTime;
    }

    public String regionId() {
        return regionId;
    }

    public boolean traceOn() {
        return traceOn;
    }

    public int serverSelectorThreads() {
        return serverSelectorThreads;
    }

    /** Whether SQL92 (property) subscriptions are served. */
    public boolean enablePropertyFilter() {
        return enablePropertyFilter;
    }

    /** Whether timer messages (RocketMQ 5's arbitrary delivery time) are accepted. */
    public boolean timerWheelEnable() {
        return timerWheelEnable;
    }

    /** How far ahead a timer message's delivery time may be. */
    public Duration timerMaxDelay() {
        return timerMaxDelay;
    }
}
