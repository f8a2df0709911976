package io.ferrymq.client.producer;

import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;

/** END_TRANSACTION (37) requests, with RocketMQ's header keys; always sent oneway. */
final class EndTransactions {
    private EndTransactions() {
    }

    /**
     * @param tranStateTableOffset queue offset of the half message (send result or check request)
     * @param commitLogOffset commit-log offset of the half message
     * @param msgId the message's UNIQ_KEY
     * @param transactionId the transaction id the broker knows, or null
     */
    static RemotingCommand request(String producerGroup, long tranStateTableOffset, long commitLogOffset,
                                   LocalTransactionState state, boolean fromTransactionCheck, String msgId,
                                   String transactionId, String brokerName) {
        return RemotingCommand.createRequest(RequestCode.END_TRANSACTION)
                .putExt("producerGroup", producerGroup)
                .putExt("tranStateTableOffset", tranStateTableOffset)
                .putExt("commitLogOffset", commitLogOffset)
                .putExt("commitOrRollback", state.wireValue())
                .putExt("fromTransactionCheck", fromTransactionCheck)
                .putExt("msgId", msgId)
                .putExt("transactionId", transactionId)
                .putExt("bname", brokerName);
    }
}
