package io.ferrymq.broker;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * Who this broker is once its port is bound: cluster, name, id and the advertised address that goes
 * into routes, offsetMsgIds and store hosts.
 *
 * @param storeHost the advertised {@code brokerIP1:port}, resolved
 */
public record BrokerIdentity(String clusterName, String brokerName, long brokerId, InetSocketAddress storeHost) {

    public static BrokerIdentity of(BrokerConfig config, int boundPort) {
        try {
            InetAddress ip = InetAddress.getByName(config.brokerIP1());
            return new BrokerIdentity(config.brokerClusterName(), config.brokerName(), config.brokerId(),
                    new InetSocketAddress(ip, boundPort));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("config key brokerIP1=" + config.brokerIP1() + ": not an address", e);
        }
    }

    /** {@code ip:port} as clients connect to it. */
    public String address() {
        return storeHost.getAddress().getHostAddress() + ":" + storeHost.getPort();
    }

    public boolean isMaster() {
        return brokerId == 0;
    }
}
