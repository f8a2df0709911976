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
 * {@code pending}, stuck ones (checks exhausted, copied to the check-max topic) in {@code stuck},
 * the rest are resolved (or never were transactions). Roots at or above it were not read yet;
 * END_TRANSACTIONs that come first are remembered in {@code resolvedAhead}. A transaction is in at
 * most one of {@code pending} and {@code stuck}, and whoever resolves, sets aside or refreshes it
 * first claims it ({@code resolving}), so each of those happens once.
 * All methods are synchronized: END_TRANSACTION handlers, admin requests and the check scan share it.
 */
final class TransactionTable {

    /** Outcome of asking to resolve a transaction. */
    enum Claim {
        /** This caller resolves it and must call {@link #finishResolve}. */
        FIRST,
        /** Already resolved, being resolved by another request, or stuck ({@link #claimStuck}). */
        ALREADY_RESOLVED
    }

    private record Due(long dueAtMillis, long root) {
    }

    private static final class ReplayedChecks {
        int count;
        long lastMillis = -1;
        String lastTarget;
    }

    private final TreeMap<Long, PendingTransaction> pending = new TreeMap<>();
    private final Map<Long, Long> opMarks = new HashMap<>();
    private final PriorityQueue<Due> dueOrder = new PriorityQueue<>((a, b) -> Long.compare(a.dueAtMillis, b.dueAtMillis));
    private final ResolvedRoots resolvedAhead = new ResolvedRoots();
    private final Set<Long> resolvingAhead = new HashSet<>();
    /** Checks replayed from the op queue for roots not read yet. */
    private final Map<Long, ReplayedChecks> checksAhead = new HashMap<>();
    private final TreeMap<Long, PendingTransaction> stuck = new TreeMap<>();
    /** Stuck roots by the queue offset of their latest copy in the check-max topic. */
    private final TreeMap<Long, Long> stuckByPosition = new TreeMap<>();
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
        if (root >= ingestedUpTo && !settled(root) && resolvingAhead.add(root)) {
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
    synchronized void onOp(OpEntry.Head op, long opStoreTimestamp) {
        long root = op.root();
        if (op.kind() == OpKind.CHECKED) {
            // counted when sent; only a replay after restart (root not read yet) needs the count
            if (root >= ingestedUpTo) {
                ReplayedChecks replay = checksAhead.computeIfAbsent(root, k -> new ReplayedChecks());
                replay.count++;
                if (opStoreTimestamp >= replay.lastMillis) {
                    replay.lastMillis = opStoreTimestamp;
                    replay.lastTarget = op.checkTarget();
                }
            }
            return;
        }
        if (op.kind() != OpKind.DONE && op.kind() != OpKind.STUCK) {
            return; // history only
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
     * Records as read, without its half message, a root that is already resolved or stuck; false (and
     * nothing changed) when it may still be pending: then the caller reads the half and {@link #ingest}s it.
     */
    synchronized boolean ingestIfSettled(long root) {
        if (!settled(root)) {
            return false;
        }
        ingestedUpTo = Math.max(ingestedUpTo, root + 1);
        checksAhead.remove(root);
        return true;
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
        ReplayedChecks replayed = checksAhead.remove(root);
        if (settled(root)) {
            return null;
        }
        if (replayed != null) {
            tx.checks = replayed.count;
            tx.lastCheckMillis = replayed.lastMillis;
            tx.lastCheckTarget = replayed.lastTarget;
            tx.dueAtMillis = Math.max(tx.dueAtMillis, replayed.lastMillis + checkIntervalMillis);
        }
        if (resolvingAhead.remove(root)) {
            tx.resolving = true;
        }
        pending.put(root, tx);
        opMarks.put(root, opMark);
        dueOrder.add(new Due(tx.dueAtMillis, root));
        return tx;
    }

    /** Resolved before its half record was read, or set aside as stuck. */
    private boolean settled(long root) {
        return resolvedAhead.contains(root) || stuck.containsKey(root);
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

    synchronized void countCheck(PendingTransaction tx, long nowMillis, String target) {
        tx.checks++;
        tx.lastCheckMillis = nowMillis;
        tx.lastCheckTarget = target;
    }

    /** Claims a pending transaction for setting aside; false when it is gone or being resolved. */
    synchronized boolean beginSetAside(PendingTransaction tx) {
        if (pending.get(tx.root) != tx || tx.resolving) {
            return false;
        }
        tx.resolving = true;
        return true;
    }

    /** Moves a claimed pending transaction to the stuck set: its copy is at {@code copy}. */
    synchronized void finishSetAside(PendingTransaction tx, long copyQueueOffset, long copyCommitLogOffset,
                                     long copyTimestamp) {
        remove(tx.root);
        tx.resolving = false;
        tx.state = PendingTransaction.State.STUCK;
        putStuck(tx, copyQueueOffset, copyCommitLogOffset, copyTimestamp);
    }

    /** Releases a claim without changing anything (a copy that could not be stored). */
    synchronized void release(PendingTransaction tx) {
        tx.resolving = false;
    }

    /** A stuck transaction read back from the check-max topic at startup (a later copy replaces an earlier). */
    synchronized void loadStuck(PendingTransaction tx, long copyQueueOffset, long copyCommitLogOffset,
                                long copyTimestamp) {
        PendingTransaction known = stuck.get(tx.root);
        if (known != null && known.stuckQueueOffset > copyQueueOffset) {
            return;
        }
        tx.state = PendingTransaction.State.STUCK;
        putStuck(tx, copyQueueOffset, copyCommitLogOffset, copyTimestamp);
    }

    private void putStuck(PendingTransaction tx, long copyQueueOffset, long copyCommitLogOffset, long copyTimestamp) {
        PendingTransaction previous = stuck.put(tx.root, tx);
        if (previous != null) {
            stuckByPosition.remove(previous.stuckQueueOffset);
        }
        tx.stuckQueueOffset = copyQueueOffset;
        tx.stuckCommitLogOffset = copyCommitLogOffset;
        tx.stuckCopyTimestamp = copyTimestamp;
        stuckByPosition.put(copyQueueOffset, tx.root);
    }

    /** The stuck transaction of {@code root}, claimed for the caller; null when not stuck or already claimed. */
    synchronized PendingTransaction claimStuck(long root) {
        PendingTransaction tx = stuck.get(root);
        if (tx == null || tx.resolving) {
            return null;
        }
        tx.resolving = true;
        return tx;
    }

    /** Ends a claim on a stuck transaction: {@code resolved} drops it, else it stays stuck. */
    synchronized void finishStuck(PendingTransaction tx, boolean resolved) {
        tx.resolving = false;
        if (resolved && stuck.get(tx.root) == tx) {
            stuck.remove(tx.root);
            stuckByPosition.remove(tx.stuckQueueOffset);
        }
    }

    /** A claimed stuck transaction whose copy was written again at {@code copy} (ahead of retention). */
    synchronized void movedStuck(PendingTransaction tx, long copyQueueOffset, long copyCommitLogOffset,
                                 long copyTimestamp) {
        if (stuck.get(tx.root) == tx) {
            putStuck(tx, copyQueueOffset, copyCommitLogOffset, copyTimestamp);
        }
        tx.resolving = false;
    }

    /** Drops a stuck transaction released by a record of the check-max topic (startup replay). */
    synchronized void unloadStuck(long root) {
        PendingTransaction tx = stuck.remove(root);
        if (tx != null) {
            stuckByPosition.remove(tx.stuckQueueOffset);
        }
    }

    /** The stuck transaction whose copy is oldest if that copy was stored before {@code limitMillis}, or null. */
    synchronized PendingTransaction oldestStuckCopiedBefore(long limitMillis) {
        Map.Entry<Long, Long> first = stuckByPosition.firstEntry();
        PendingTransaction tx = first == null ? null : stuck.get(first.getValue());
        return tx != null && tx.stuckCopyTimestamp < limitMillis ? tx : null;
    }

    /** Forgets a claimed pending transaction that can no longer be resolved (its half message is gone). */
    synchronized void drop(PendingTransaction tx) {
        if (pending.get(tx.root) == tx) {
            remove(tx.root);
        }
        tx.resolving = false;
    }

    /** The pending transaction with the lowest root (it holds the half-queue progress back), or null. */
    synchronized PendingTransaction oldestPending() {
        Map.Entry<Long, PendingTransaction> first = pending.firstEntry();
        return first == null ? null : first.getValue();
    }

    /** Check-max queue offset from which every live stuck copy can be read again. */
    synchronized long stuckFloor(long nextStuckOffset) {
        return stuckByPosition.isEmpty() ? nextStuckOffset : stuckByPosition.firstKey();
    }

    /** The pending or stuck transaction of {@code root}, or null. */
    synchronized PendingTransaction find(long root) {
        PendingTransaction tx = pending.get(root);
        return tx != null ? tx : stuck.get(root);
    }

    /** The pending or stuck transactions with unique id {@code transactionId} (a scan: admin requests only). */
    synchronized List<PendingTransaction> findById(String transactionId) {
        List<PendingTransaction> found = new ArrayList<>();
        for (PendingTransaction tx : pending.values()) {
            if (transactionId.equals(tx.transactionId)) {
                found.add(tx);
            }
        }
        for (PendingTransaction tx : stuck.values()) {
            if (transactionId.equals(tx.transactionId)) {
                found.add(tx);
            }
        }
        return found;
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

    /** Pending then stuck transactions, each in root order. */
    synchronized List<PendingTransaction.View> views(long nowMillis) {
        List<PendingTransaction.View> views = new ArrayList<>(pending.size() + stuck.size());
        pending.values().forEach(tx -> views.add(tx.view(nowMillis)));
        stuck.values().forEach(tx -> views.add(tx.view(nowMillis)));
        return views;
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    synchronized int stuckCount() {
        return stuck.size();
    }
}
