package io.ferrymq.namesrv.route;

import io.ferrymq.remoting.protocol.body.DataVersion;
import io.netty.channel.Channel;

/** When a broker address last registered, over which connection, and with which topic version. */
final class BrokerLiveInfo {
    final String clusterName;
    final String brokerName;
    final long brokerId;
    long lastUpdateMillis;
    final long timeoutMillis;
    DataVersion dataVersion;
    final Channel channel;
    final String haServerAddr;

    BrokerLiveInfo(String clusterName, String brokerName, long brokerId, long lastUpdateMillis, long timeoutMillis,
                   DataVersion dataVersion, Channel channel, String haServerAddr) {
        this.clusterName = clusterName;
        this.brokerName = brokerName;
        this.brokerId = brokerId;
        this.lastUpdateMillis = lastUpdateMillis;
        this.timeoutMillis = timeoutMillis;
        this.dataVersion = dataVersion;
        this.channel = channel;
        this.haServerAddr = haServerAddr;
    }

    boolean expired(long nowMillis) {
        return lastUpdateMillis + timeoutMillis < nowMillis;
    }
}
