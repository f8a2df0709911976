package io.ferrymq.broker;

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
import java.util.function.Supplier;

/** FerryMQ's transaction admin requests, sent to one broker over a remoting connection of its own. */
final class TxAdminClient implements AutoCloseable {
    private final NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());
    private final Supplier<String> brokerAddr;

    /** The address is asked for each call, so the client follows a restarted broker. */
    TxAdminClient(Supplier<String> brokerAddr) {
        this.brokerAddr = brokerAddr;
    }

    RemotingCommand call(RemotingCommand request) {
        return client.invokeSync(brokerAddr.get(), request, 10_000);
    }

    TransactionListBody list(String topic, String group, boolean stuckOnly) {
        RemotingCommand request = RemotingCommand.createRequest(FerryRequestCode.LIST_TRANSACTIONS)
                .putExt("stuckOnly", stuckOnly);
        if (topic != null) {
            request.putExt("topic", topic);
        }
        if (group != null) {
            request.putExt("producerGroup", group);
        }
        return decode(call(request), TransactionListBody.class);
    }

    /** The answer; its code is in {@link #lastCode}. */
    TransactionResolveBody resolve(String id, String action, String reason) {
        RemotingCommand response = call(RemotingCommand.createRequest(FerryRequestCode.RESOLVE_TRANSACTION)
                .putExt("id", id).putExt("action", action).putExt("reason", reason));
        lastCode = response.getCode();
        return RemotingJson.decode(response.getBody(), TransactionResolveBody.class);
    }

    int lastCode;

    TransactionTimelineBody timeline(String id) {
        return decode(call(RemotingCommand.createRequest(FerryRequestCode.TRANSACTION_TIMELINE).putExt("id", id)),
                TransactionTimelineBody.class);
    }

    TransactionStatsBody stats() {
        return decode(call(RemotingCommand.createRequest(FerryRequestCode.TRANSACTION_STATS)),
                TransactionStatsBody.class);
    }

    private static <T> T decode(RemotingCommand response, Class<T> type) {
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new AssertionError("request failed with code " + response.getCode() + ": " + response.getRemark());
        }
        return RemotingJson.decode(response.getBody(), type);
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
