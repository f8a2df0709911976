package io.ferrymq.client;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Settings shared by producers and consumers of one client instance. Defaults follow RocketMQ's:
 * 3 s request timeout, routes refreshed every 30 s, heartbeats every 30 s.
 */
public final class ClientConfig {
    private final List<String> namesrvAddrs;
    private final String instanceName;
    private final String clientIp;
    private final Duration requestTimeout;
    private final Duration routeRefreshInterval;
    private final Duration heartbeatInterval;

    private ClientConfig(Builder b) {
        if (b.namesrvAddr == null || b.namesrvAddr.isBlank()) {
            throw new IllegalArgumentException("namesrvAddr is required, e.g. 127.0.0.1:9876 (several: a;b)");
        }
        this.namesrvAddrs = List.of(b.namesrvAddr.trim().split("\\s*;\\s*"));
        this.instanceName = b.instanceName != null ? b.instanceName : ProcessHandle.current().pid() + "#" + System.nanoTime();
        this.clientIp = b.clientIp != null ? b.clientIp : localIp();
        this.requestTimeout = Objects.requireNonNull(b.requestTimeout);
        this.routeRefreshInterval = Objects.requireNonNull(b.routeRefreshInterval);
        this.heartbeatInterval = Objects.requireNonNull(b.heartbeatInterval);
    }

    /** A builder with RocketMQ's defaults and the name server address from {@code $NAMESRV_ADDR}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The name servers, {@code host:port} each, in the order given. */
    public List<String> namesrvAddrs() {
        return namesrvAddrs;
    }

    /** Distinguishes client instances of one process or host (default: pid and a nanosecond stamp). */
    public String instanceName() {
        return instanceName;
    }

    /** The address this client reports to brokers (the first non-loopback IPv4 address unless set). */
    public String clientIp() {
        return clientIp;
    }

    /** {@code ip@instanceName}: how brokers know this client. */
    public String clientId() {
        return clientIp + "@" + instanceName;
    }

    /** How long a request waits for its answer (default 3 s). */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** How often topic routes are fetched again from the name servers (default 30 s). */
    public Duration routeRefreshInterval() {
        return routeRefreshInterval;
    }

    /** How often the client heartbeats every broker it knows (default 30 s). */
    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    /** The first non-loopback IPv4 address, else loopback. */
    static String localIp() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException ignored) {
            // fall through to loopback
        }
        return "127.0.0.1";
    }

    /** Settings of a {@link ClientConfig}; only the name server address is required. */
    public static final class Builder {
        private String namesrvAddr = System.getenv("NAMESRV_ADDR");
        private String instanceName;
        private String clientIp;
        private Duration requestTimeout = Duration.ofSeconds(3);
        private Duration routeRefreshInterval = Duration.ofSeconds(30);
        private Duration heartbeatInterval = Duration.ofSeconds(30);

        /** {@code host:port}, several separated by {@code ;}. Defaults to $NAMESRV_ADDR. */
        public Builder namesrvAddr(String namesrvAddr) {
            this.namesrvAddr = namesrvAddr;
            return this;
        }

        /** A stable instance name, e.g. to find a broadcasting consumer's offset file again after a restart. */
        public Builder instanceName(String instanceName) {
            this.instanceName = instanceName;
            return this;
        }

        /** The address to report to brokers, when the first non-loopback IPv4 address is not the right one. */
        public Builder clientIp(String clientIp) {
            this.clientIp = clientIp;
            return this;
        }

        /** How long a request waits for its answer (default 3 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** How often to fetch topic routes again (default 30 s). */
        public Builder routeRefreshInterval(Duration interval) {
            this.routeRefreshInterval = interval;
            return this;
        }

        /** How often to heartbeat the brokers (default 30 s; brokers drop a client silent for 120 s). */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = interval;
            return this;
        }

        /** @throws IllegalArgumentException when no name server address was given */
        public ClientConfig build() {
            return new ClientConfig(this);
        }
    }
}
