package io.ferrymq.transaction;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which transactions are pending, which are resolved, and when each pending one is due for a check.
 * A transaction is named by its root: the half-queue offset of its half record.
 *
 * <p>Roots below {@code ingestedUpTo} are known through the half queue: pending ones are in
 * {@code pending}, the rest are resolved (or never were transactions). Roots at or above it were
 * not read yet; END_TRANSACTIONs that come first are remembered in {@code resolvedAhead}.
 * All methods are synchronized: END_TRANSACTION handlers and the check scan share it.
 */
final class TransactionTable {

    /** Outcome of asking to resolve a transaction. */
    enum Claim {
        /** This caller resolves it and must call {@link #finishResolve}. */
        FIRST,
        /** Already resolved, or being resolved by another request: nothing to do. */
        ALREADY_RESOLVED
    }

    private record Due(long dueAtMillis, long root) {
    }

    private final TreeMap<Long, PendingTransaction> pending = new TreeMap<>();
    private final Map<Long, Long> opMarks = new HashMap<>();
    private final PriorityQueue<Due> dueOrder = new PriorityQueue<>((a, b) -> Long.compare(a.dueAtMillis, b.dueAtMillis));
    private final ResolvedRoots resolvedAhead = new ResolvedRoots();
    private final Set<Long> resolvingAhead = new HashSet<>();
    /** Checks replayed from the op queue for roots not read yet: count and time of the last one. */
    private final Map<Long, long[]> checksAhead = new HashMap<>();
    private final long checkIntervalMillis;
    private long ingestedUpTo;

    TransactionTable(long ingestedUpTo, long checkIntervalMillis) {
        this.ingestedUpTo = ingestedUpTo;
        this.checkIntervalMillis = checkIntervalMillis;
    }

    synchronized long ingestedUpTo() {
        return ingestedUpTo;
    }

    synchronized Claim beginResolve(long root) {
        PendingTransaction tx = pending.get(root);
        if (tx != null) {
            if (tx.resolving) {
                return Claim.ALREADY_RESOLVED;
            }
            tx.resolving = true;
            return Claim.FIRST;
        }
        if (root >= ingestedUpTo && !resolvedAhead.contains(root) && resolvingAhead.add(root)) {
            return Claim.FIRST;
        }
        return Claim.ALREADY_RESOLVED;
    }

    synchronized void finishResolve(long root, boolean resolved) {
        PendingTransaction tx = pending.get(root);
        if (tx != null) {
            if (resolved) {
                remove(root);
            } else {
                tx.resolving = false;
            }
            return;
        }
        resolvingAhead.remove(root);
        if (resolved && root >= ingestedUpTo) {
            resolvedAhead.add(root);
        }
    }

    /** An op record read back from the op queue, stored at {@code opStoreTimestamp}. */
    synchronized void onOp(long root, OpKind kind, long opStoreTimestamp) {
        if (kind == OpKind.CHECKED) {
            // counted when sent; only a replay after restart (root not read yet) needs the count
            if (root >= ingestedUpTo) {
                long[] replay = checksAhead.computeIfAbsent(root, k -> new long[2]);
                replay[0]++;
                replay[1] = Math.max(replay[1], opStoreTimestamp);
            }
            return;
        }
        PendingTransaction tx = pending.get(root);
        if (tx != null) {
            if (!tx.resolving) {
                remove(root);
            }
        } else if (root >= ingestedUpTo) {
            resolvedAhead.add(root);
        }
    }

    /**
     * Records a half record read from the half queue (in queue order).
     *
     * @param opMark op-queue offset from which every op about this root is guaranteed to be found
     * @return the new pending transaction, or null when it was already resolved
     */
    synchronized PendingTransaction ingest(PendingTransaction tx, long opMark) {
        long root = tx.root;
        ingestedUpTo = Math.max(ingestedUpTo, root + 1);
        long[] replayedChecks = checksAhead.remove(root);
        if (resolvedAhead.contains(root)) {
            return null;
        }
        if (replayedChecks != null) {
            tx.checks = (int) replayedChecks[0];
            tx.dueAtMillis = Math.max(tx.dueAtMillis, replayedChecks[1] + checkIntervalMillis);
        }
        if (resolvingAhead.remove(root)) {
            tx.resolving = true;
        }
        pending.put(root, tx);
        opMarks.put(root, opMark);
        dueOrder.add(new Due(tx.dueAtMillis, root));
        return tx;
    }

    /** Marks every root below {@code upTo} as read even if none was found there (empty or deleted range). */
    synchronized void skipTo(long upTo) {
        ingestedUpTo = Math.max(ingestedUpTo, upTo);
    }

    /** Pending transactions due at {@code nowMillis}, earliest first, at most {@code limit}. */
    synchronized List<PendingTransaction> due(long nowMillis, int limit) {
        List<PendingTransaction> result = new ArrayList<>();
        while (!dueOrder.isEmpty() && result.size() < limit && dueOrder.peek().dueAtMillis <= nowMillis) {
            Due due = dueOrder.poll();
            PendingTransaction tx = pending.get(due.root);
            if (tx != null && tx.dueAtMillis == due.dueAtMillis && !tx.resolving) {
                result.add(tx);
            }
        }
        return result;
    }

    /** Sets the next due time of a pending transaction (after a check, or a failed attempt). */
    synchronized void reschedule(PendingTransaction tx, long dueAtMillis) {
        if (pending.get(tx.root) == tx) {
            tx.dueAtMillis = dueAtMillis;
            dueOrder.add(new Due(dueAtMillis, tx.root));
        }
    }

    synchronized void countCheck(PendingTransaction tx) {
        tx.checks++;
    }

    /** Takes a transaction out of the pending set without resolving it (set aside as stuck). */
    synchronized boolean setAside(PendingTransaction tx) {
        if (pending.get(tx.root) != tx || tx.resolving) {
            return false;
        }
        remove(tx.root);
        return true;
    }

    private void remove(long root) {
        pending.remove(root);
        opMarks.remove(root);
    }

    /** Lowest root that still matters: the oldest pending one, else the next one to read. */
    synchronized long halfFloor() {
        return pending.isEmpty() ? ingestedUpTo : pending.firstKey();
    }

    /** Op offset from which every op about a root at or above {@link #halfFloor()} can be found. */
    synchronized long opFloor(long opMarkWhenNothingPending) {
        return pending.isEmpty() ? opMarkWhenNothingPending : opMarks.get(pending.firstKey());
    }

    /** Forgets resolved-ahead bits that can no longer be asked about. */
    synchronized void compact() {
        resolvedAhead.dropBelow(ingestedUpTo);
    }

    synchronized List<PendingTransaction.View> pendingViews(long nowMillis) {
        List<PendingTransaction.View> views = new ArrayList<>(pending.size());
        pending.values().forEach(tx -> views.add(tx.view(nowMillis)));
        return views;
    }

    synchronized int pendingCount() {
        return pending.size();
    }
}
