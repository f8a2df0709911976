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

    public static Builder builder() {
        return new Builder();
    }

    public List<String> namesrvAddrs() {
        return namesrvAddrs;
    }

    public String instanceName() {
        return instanceName;
    }

    public String clientIp() {
        return clientIp;
    }

    /** {@code ip@instanceName}: how brokers know this client. */
    public String clientId() {
        return clientIp + "@" + instanceName;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public Duration routeRefreshInterval() {
        return routeRefreshInterval;
    }

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

        public Builder instanceName(String instanceName) {
            this.instanceName = instanceName;
            return this;
        }

        public Builder clientIp(String clientIp) {
            this.clientIp = clientIp;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        public Builder routeRefreshInterval(Duration interval) {
            this.routeRefreshInterval = interval;
            return this;
        }

        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = interval;
            return this;
        }

        public ClientConfig build() {
            return new ClientConfig(this);
        }
    }
}
