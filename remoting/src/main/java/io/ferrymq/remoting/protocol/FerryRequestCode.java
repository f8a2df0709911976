package io.ferrymq.remoting.protocol;

/**
 * FerryMQ's own request codes, in 7000..7099, far from RocketMQ's, so an official client or tool never
 * sends one by accident (a RocketMQ broker answers them REQUEST_CODE_NOT_SUPPORTED). Parameters are
 * extFields; answers carry a JSON body (see each code).
 */
public final class FerryRequestCode {
    /** First code of FerryMQ's range. */
    public static final int RANGE_START = 7000;
    /** Last code of FerryMQ's range. */
    public static final int RANGE_END = 7099;

    /**
     * Pending and stuck transactions of a broker. ext: {@code topic}, {@code producerGroup} (filters,
     * optional), {@code stuckOnly} (boolean), {@code limit} (rows, default 1000).
     * Body: {@link io.ferrymq.remoting.protocol.body.TransactionListBody}.
     */
    public static final int LIST_TRANSACTIONS = 7001;

    /**
     * Resolves one transaction by hand. ext: {@code id} (unique id or root), {@code action}
     * (COMMIT, ROLLBACK, CHECK), {@code reason} (optional). Body:
     * {@link io.ferrymq.remoting.protocol.body.TransactionResolveBody}; code SUCCESS when the answer
     * is COMMITTED, ROLLED_BACK, CHECKING_AGAIN or ALREADY_RESOLVED, QUERY_NOT_FOUND when the broker has
     * no such transaction, SYSTEM_ERROR otherwise.
     */
    public static final int RESOLVE_TRANSACTION = 7002;

    /**
     * The history of transactions. ext: {@code id} (unique id), or {@code key} with {@code topic}.
     * Body: {@link io.ferrymq.remoting.protocol.body.TransactionTimelineBody} (empty list when none).
     */
    public static final int TRANSACTION_TIMELINE = 7003;

    /** Transaction counters. Body: {@link io.ferrymq.remoting.protocol.body.TransactionStatsBody}. */
    public static final int TRANSACTION_STATS = 7004;

    private FerryRequestCode() {
    }
}
