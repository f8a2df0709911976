package io.ferrymq.namesrv;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Name server settings, read once from RocketMQ's keys ({@code listenPort}, {@code kvConfigPath},
 * {@code orderMessageEnable}, {@code scanNotActiveBrokerInterval}, ...). FerryMQ adds
 * {@code bindAddress} and {@code brokerChannelExpiredTime} (ms without a registration before a
 * broker is dropped; a broker may ask for another value with {@code heartbeatTimeoutMillis}).
 */
public final class NamesrvConfig {
    public static final int DEFAULT_PORT = 9876;

    private String bindAddress = "0.0.0.0";
    private int listenPort = DEFAULT_PORT;
    private int serverWorkerThreads = 8;
    private int serverSelectorThreads = 2;
    private int serverChannelMaxIdleTimeSeconds = 120;
    private int serverMaxFrameLength = 16 * 1024 * 1024;
    private Path kvConfigPath = Path.of(System.getProperty("user.home"), "namesrv", "kvConfig.json");
    private volatile boolean orderMessageEnable;
    private long scanNotActiveBrokerIntervalMillis = 5_000;
    private long brokerChannelExpiredTimeMillis = 120_000;
    private final List<String> unknownKeys = new ArrayList<>();

    private static final Set<String> IGNORED_ROCKETMQ_KEYS = Set.of("rocketmqHome", "configStorePath",
            "productEnvName", "clusterTest", "returnOrderTopicConfigToBroker", "clientWorkerThreads",
            "clientCallbackExecutorThreads", "defaultThreadPoolNums", "needWaitForService", "enableAllTopicList",
            "enableTopicList", "notifyMinBrokerIdChanged", "supportActingMaster");

    /** Parses {@code props}; throws IllegalArgumentException naming the key of a bad value. */
    public static NamesrvConfig fromProperties(Properties props) {
        NamesrvConfig c = new NamesrvConfig();
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key).trim();
            switch (key) {
                case "bindAddress" -> c.bindAddress = value;
                case "listenPort" -> c.listenPort = intIn(key, value, 0, 65535);
                case "serverWorkerThreads" -> c.serverWorkerThreads = intIn(key, value, 1, 256);
                case "serverSelectorThreads" -> c.serverSelectorThreads = intIn(key, value, 1, 64);
                case "serverChannelMaxIdleTimeSeconds" -> c.serverChannelMaxIdleTimeSeconds = intIn(key, value, 1, 86400);
                case "serverMaxFrameLength" -> c.serverMaxFrameLength = intIn(key, value, 1024, Integer.MAX_VALUE);
                case "kvConfigPath" -> c.kvConfigPath = Path.of(value);
                case "orderMessageEnable" -> c.orderMessageEnable = bool(key, value);
                case "scanNotActiveBrokerInterval" ->
                        c.scanNotActiveBrokerIntervalMillis = intIn(key, value, 100, Integer.MAX_VALUE);
                case "brokerChannelExpiredTime" ->
                        c.brokerChannelExpiredTimeMillis = intIn(key, value, 1000, Integer.MAX_VALUE);
                default -> {
                    if (!IGNORED_ROCKETMQ_KEYS.contains(key)) {
                        c.unknownKeys.add(key);
                    }
                }
            }
        }
        return c;
    }

    private static int intIn(String key, String value, int min, int max) {
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config key '" + key + "' must be a whole number, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException("config key '" + key + "' must be between " + min + " and " + max
                    + ", got " + parsed);
        }
        return parsed;
    }

    private static boolean bool(String key, String value) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("config key '" + key + "' must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    /** The effective settings under their keys, for {@code -p} and GET_NAMESRV_CONFIG. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("bindAddress", bindAddress);
        m.put("listenPort", Integer.toString(listenPort));
        m.put("serverWorkerThreads", Integer.toString(serverWorkerThreads));
        m.put("serverSelectorThreads", Integer.toString(serverSelectorThreads));
        m.put("serverChannelMaxIdleTimeSeconds", Integer.toString(serverChannelMaxIdleTimeSeconds));
        m.put("serverMaxFrameLength", Integer.toString(serverMaxFrameLength));
        m.put("kvConfigPath", kvConfigPath.toString());
        m.put("orderMessageEnable", Boolean.toString(orderMessageEnable));
        m.put("scanNotActiveBrokerInterval", Long.toString(scanNotActiveBrokerIntervalMillis));
        m.put("brokerChannelExpiredTime", Long.toString(brokerChannelExpiredTimeMillis));
        return m;
    }

    public List<String> unknownKeys() {
        return unknownKeys;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public NamesrvConfig bindAddress(String value) {
        this.bindAddress = value;
        return this;
    }

    public int listenPort() {
        return listenPort;
    }

    public NamesrvConfig listenPort(int value) {
        this.listenPort = value;
        return this;
    }

    public int serverWorkerThreads() {
        return serverWorkerThreads;
    }

    public int serverSelectorThreads() {
        return serverSelectorThreads;
    }

    public int serverChannelMaxIdleTimeSeconds() {
        return serverChannelMaxIdleTimeSeconds;
    }

    public int serverMaxFrameLength() {
        return serverMaxFrameLength;
    }

    public Path kvConfigPath() {
        return kvConfigPath;
    }

    public NamesrvConfig kvConfigPath(Path value) {
        this.kvConfigPath = value;
        return this;
    }

    public boolean orderMessageEnable() {
        return orderMessageEnable;
    }

    public NamesrvConfig orderMessageEnable(boolean value) {
        this.orderMessageEnable = value;
        return this;
    }

    public long scanNotActiveBrokerIntervalMillis() {
        return scanNotActiveBrokerIntervalMillis;
    }

    public NamesrvConfig scanNotActiveBrokerIntervalMillis(long value) {
        this.scanNotActiveBrokerIntervalMillis = value;
        return this;
    }

    public long brokerChannelExpiredTimeMillis() {
        return brokerChannelExpiredTimeMillis;
    }

    public NamesrvConfig brokerChannelExpiredTimeMillis(long value) {
        this.brokerChannelExpiredTimeMillis = value;
        return this;
    }
}
