package io.ferrymq.tools.admin;

import io.ferrymq.remoting.netty.NettyClientConfig;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.FerryRequestCode;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.ferrymq.remoting.protocol.body.TransactionListBody;
import io.ferrymq.remoting.protocol.body.TransactionResolveBody;
import io.ferrymq.remoting.protocol.body.TransactionStatsBody;
import io.ferrymq.remoting.protocol.body.TransactionTimelineBody;
import io.ferrymq.remoting.protocol.route.BrokerData;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * FerryMQ's transaction admin requests (7001..7004) to the master brokers the name servers know,
 * found through the cluster info.
 */
public final class TransactionAdmin implements AutoCloseable {
    private final NamesrvAdmin namesrv;
    private final long timeoutMillis;
    private final NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());

    public TransactionAdmin(NamesrvAdmin namesrv, long timeoutMillis) {
        this.namesrv = namesrv;
        this.timeoutMillis = timeoutMillis;
    }

    /** Master address by broker name, in name order; only {@code brokerName} when it is not null. */
    public Map<String, String> masters(String brokerName) {
        Map<String, String> masters = new LinkedHashMap<>();
        for (BrokerData data : namesrv.clusterInfo().getBrokerAddrTable().values().stream().sorted().toList()) {
            String master = data.masterAddr();
            if (master != null && (brokerName == null || brokerName.equals(data.getBrokerName()))) {
                masters.put(data.getBrokerName(), master);
            }
        }
        if (masters.isEmpty()) {
            throw new AdminException(brokerName == null ? "no master broker registered with the name server"
                    : "no master broker named " + brokerName);
        }
        return masters;
    }

    public TransactionListBody list(String brokerAddr, String topic, String group, boolean stuckOnly, int limit) {
        RemotingCommand request = RemotingCommand.createRequest(FerryRequestCode.LIST_TRANSACTIONS)
                .putExt("stuckOnly", stuckOnly).putExt("limit", limit);
        if (topic != null) {
            request.putExt("topic", topic);
        }
        if (group != null) {
            request.putExt("producerGroup", group);
        }
        return RemotingJson.decode(expectSuccess(brokerAddr, request).getBody(), TransactionListBody.class);
    }

    /** The broker's answer, whatever its status (NOT_FOUND included). */
    public TransactionResolveBody resolve(String brokerAddr, String id, String action, String reason) {
        RemotingCommand request = RemotingCommand.createRequest(FerryRequestCode.RESOLVE_TRANSACTION)
                .putExt("id", id).putExt("action", action);
        if (reason != null) {
            request.putExt("reason", reason);
        }
        RemotingCommand response = client.invokeSync(brokerAddr, request, timeoutMillis);
        if (response.getBody() == null) {
            throw new AdminException("broker " + brokerAddr + " refused: " + response.getRemark());
        }
        return RemotingJson.decode(response.getBody(), TransactionResolveBody.class);
    }

    public TransactionTimelineBody timeline(String brokerAddr, String id, String key, String topic) {
        RemotingCommand request = RemotingCommand.createRequest(FerryRequestCode.TRANSACTION_TIMELINE);
        if (id != null) {
            request.putExt("id", id);
        }
        if (key != null) {
            request.putExt("key", key);
        }
        if (topic != null) {
            request.putExt("topic", topic);
        }
        return RemotingJson.decode(expectSuccess(brokerAddr, request).getBody(), TransactionTimelineBody.class);
    }

    public TransactionStatsBody stats(String brokerAddr) {
        return RemotingJson.decode(expectSuccess(brokerAddr,
                RemotingCommand.createRequest(FerryRequestCode.TRANSACTION_STATS)).getBody(), TransactionStatsBody.class);
    }

    private RemotingCommand expectSuccess(String brokerAddr, RemotingCommand request) {
        RemotingCommand response = client.invokeSync(brokerAddr, request, timeoutMillis);
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new AdminException("broker " + brokerAddr + " answered code " + response.getCode() + ": "
                    + response.getRemark());
        }
        return response;
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
