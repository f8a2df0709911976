package io.ferrymq.client.producer;

import io.ferrymq.common.message.Message;

/**
 * The application's side of a transactional send: runs the local transaction, and later tells the
 * broker how a transaction ended when the producer's answer was lost or was {@code UNKNOWN}.
 */
public interface TransactionListener {
    /**
     * Runs the local transaction after the half message is stored. {@code msg.getUniqKey()} is the
     * transaction id that {@link #check} will see. Throwing leaves the transaction {@code UNKNOWN}:
     * the broker will ask {@link #check}.
     */
    LocalTransactionState execute(Message msg, Object arg) throws Exception;

    /**
     * Answers a broker's check-back for a half message nobody committed or rolled back in time. Runs
     * on the client's transaction-check executor; may be called several times for one transaction,
     * and in any process of the producer group.
     */
    LocalTransactionState check(MessageView msg) throws Exception;
}
