package io.ferrymq.remoting.protocol.body;

/**
 * Answer to RESOLVE_TRANSACTION.
 *
 * @param status COMMITTED, ROLLED_BACK, CHECKING_AGAIN, ALREADY_RESOLVED, NOT_FOUND, NOT_STUCK,
 *               MISMATCH or STORE_FAILED
 * @param detail what happened, for a person
 */
public record TransactionResolveBody(String brokerName, String status, String detail) {
}
