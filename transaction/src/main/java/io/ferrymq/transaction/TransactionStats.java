package io.ferrymq.transaction;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one broker's transactions since it started (cheap adders on the hot path); the
 * pending and stuck numbers are gauges read from the table.
 */
public final class TransactionStats {
    final LongAdder halves = new LongAdder();
    final LongAdder commits = new LongAdder();
    final LongAdder rollbacks = new LongAdder();
    final LongAdder checksSent = new LongAdder();
    final LongAdder setAside = new LongAdder();
    final LongAdder manual = new LongAdder();

    /**
     * A snapshot.
     *
     * @param pending   half messages waiting for a decision or a check (gauge)
     * @param stuck     transactions whose checks are exhausted, waiting for an operator (gauge)
     * @param halves    half messages read by the check scan since start
     * @param commits   commits since start (by producers, check answers and admins)
     * @param rollbacks rollbacks since start
     * @param checksSent check-backs written to a producer since start
     * @param setAside  transactions set aside as stuck since start
     * @param manual    resolutions by an admin since start (commit, rollback, check again)
     */
    public record Snapshot(long pending, long stuck, long halves, long commits, long rollbacks, long checksSent,
                           long setAside, long manual) {
    }

    Snapshot snapshot(long pending, long stuck) {
        return new Snapshot(pending, stuck, halves.sum(), commits.sum(), rollbacks.sum(), checksSent.sum(),
                setAside.sum(), manual.sum());
    }
}
