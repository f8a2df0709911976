package io.ferrymq.transaction;

import io.ferrymq.store.commitlog.PutStatus;

/** What an END_TRANSACTION did. */
public record EndTransactionResult(Status status, PutStatus putStatus, String detail) {

    public enum Status {
        COMMITTED,
        ROLLED_BACK,
        /** Committed or rolled back before: nothing was done again. */
        ALREADY_RESOLVED,
        /** UNKNOW answer: the transaction stays pending and will be checked. */
        STILL_PENDING,
        /** No half message at that commit-log offset. */
        NOT_FOUND,
        /** The half message belongs to another producer group, or the offsets do not match. */
        MISMATCH,
        /** The committed message could not be stored; the transaction stays pending. */
        STORE_FAILED,
        /** An operator had a stuck transaction checked again: it continues under a new root. */
        CHECKING_AGAIN,
        /** An operator asked to check again a transaction that is pending, not stuck: it is checked in turn. */
        NOT_STUCK
    }

    public static EndTransactionResult of(Status status, String detail) {
        return new EndTransactionResult(status, null, detail);
    }

    public boolean isError() {
        return status == Status.NOT_FOUND || status == Status.MISMATCH || status == Status.STORE_FAILED
                || status == Status.NOT_STUCK;
    }
}
