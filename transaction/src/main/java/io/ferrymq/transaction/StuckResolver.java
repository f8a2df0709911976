package io.ferrymq.transaction;

import io.ferrymq.common.message.MessageExt;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.commitlog.PutResult;
import io.ferrymq.store.commitlog.PutStatus;
import io.ferrymq.transaction.EndTransactionResult.Status;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a stuck transaction the caller has claimed ({@link TransactionTable#claimStuck}): commit,
 * roll back, or check again, from its copy in the check-max topic. Each writes its records in an order
 * that a crash can only leave repeatable: the effect (committed message, new half message), then the
 * op record, then the release of the stuck copy. A commit first looks for a committed message of the
 * transaction in the index, so repeating it after a crash never stores a second one.
 */
final class StuckResolver {
    private static final Logger LOG = LoggerFactory.getLogger(StuckResolver.class);

    private final MessageStore store;
    private final CommitWriter writer;
    private final TransactionTable table;
    private final OpLog opLog;
    private final StuckQueue stuckQueue;
    private final StoreLookup lookup;
    private final TransactionStats stats;
    private final InstantSource clock;

    StuckResolver(MessageStore store, CommitWriter writer, TransactionTable table, OpLog opLog, StuckQueue stuckQueue,
                  StoreLookup lookup, TransactionStats stats, InstantSource clock) {
        this.store = store;
        this.writer = writer;
        this.table = table;
        this.opLog = opLog;
        this.stuckQueue = stuckQueue;
        this.lookup = lookup;
        this.stats = stats;
        this.clock = clock;
    }

    /** Commits or rolls back the claimed stuck transaction {@code tx}. */
    CompletableFuture<EndTransactionResult> decide(PendingTransaction tx, boolean commit, Actor actor,
                                                   boolean answeredCheck) {
        MessageExt copy = stuckQueue.readCopy(tx);
        if (copy == null) {
            table.finishStuck(tx, false);
            return failed("the copy of stuck transaction " + tx.root + " is no longer in the store");
        }
        long halfOffset = HalfMessages.firstHalfOffset(copy, tx.commitLogOffset);
        if (!commit) {
            return record(tx, OpEntry.done(tx.root, tx.transactionId, actor, false, answeredCheck, -1),
                    EndTransactionResult.of(Status.ROLLED_BACK, "rolled back by " + describe(actor)), stats.rollbacks);
        }
        MessageExt committed = lookup.committed(tx.realTopic, tx.transactionId, halfOffset, tx.storeTimestamp);
        if (committed != null) {
            return record(tx, OpEntry.done(tx.root, tx.transactionId, actor, true, answeredCheck,
                    committed.getCommitLogOffset()), EndTransactionResult.of(Status.ALREADY_RESOLVED,
                    "transaction " + tx.root + " was committed before (" + committed.getTopic() + " queue "
                            + committed.getQueueId() + " offset " + committed.getQueueOffset() + ")"), null);
        }
        return writer.put(HalfMessages.toCommitted(copy, halfOffset)).thenCompose(put -> {
            if (put.status() != PutStatus.PUT_OK && put.status() != PutStatus.FLUSH_DISK_TIMEOUT) {
                table.finishStuck(tx, false);
                return CompletableFuture.completedFuture(new EndTransactionResult(Status.STORE_FAILED, put.status(),
                        "committed message not stored"));
            }
            return record(tx, OpEntry.done(tx.root, tx.transactionId, actor, true, answeredCheck,
                    put.physicalOffset()), new EndTransactionResult(Status.COMMITTED, put.status(),
                    "committed by " + describe(actor)), stats.commits);
        }).exceptionally(error -> {
            table.finishStuck(tx, false);
            return new EndTransactionResult(Status.STORE_FAILED, PutStatus.UNKNOWN_ERROR, String.valueOf(error));
        });
    }

    /** Continues the claimed stuck transaction under a new half message, checked at once with no checks counted. */
    CompletableFuture<EndTransactionResult> checkAgain(PendingTransaction tx, Actor actor) {
        MessageExt copy = stuckQueue.readCopy(tx);
        if (copy == null) {
            table.finishStuck(tx, false);
            return failed("the copy of stuck transaction " + tx.root + " is no longer in the store");
        }
        return store.putMessage(HalfMessages.toHalfAgain(copy, tx.root)).thenCompose(put -> {
            if (!put.isOk()) {
                table.finishStuck(tx, false);
                return CompletableFuture.completedFuture(new EndTransactionResult(Status.STORE_FAILED, put.status(),
                        "new half message not stored"));
            }
            return record(tx, OpEntry.checkAgain(tx.root, tx.transactionId, actor, put.queueOffset()),
                    EndTransactionResult.of(Status.CHECKING_AGAIN, "continues as root " + put.queueOffset()), null);
        });
    }

    /** Op record, then release of the copy; the claim ends with the transaction no longer stuck. */
    private CompletableFuture<EndTransactionResult> record(PendingTransaction tx, OpEntry op,
                                                          EndTransactionResult result,
                                                          LongAdder counter) {
        return opLog.append(op)
                .thenCompose(put -> put.isOk() ? stuckQueue.putRelease(tx, clock.millis())
                        : CompletableFuture.completedFuture(put))
                .handle((put, error) -> {
                    boolean released = error == null && put != null && put.isOk();
                    table.finishStuck(tx, released);
                    if (!released) {
                        LOG.error("stuck transaction {}: {} done but not recorded ({}): it stays listed as stuck; "
                                + "resolving it again is safe", tx.root, result.status(),
                                error != null ? error.toString() : put == null ? "no result" : put.status());
                        return EndTransactionResult.of(Status.STORE_FAILED, result.status()
                                + " done but not recorded: resolve it again");
                    }
                    if (op.actor() != null && op.actor().by() == Actor.By.ADMIN) {
                        stats.manual.increment();
                    }
                    if (counter != null) {
                        counter.increment();
                    }
                    LOG.info("stuck transaction {} (id {}): {} by {}", tx.root, tx.transactionId, result.status(),
                            describe(op.actor()));
                    return result;
                });
    }

    private static CompletableFuture<EndTransactionResult> failed(String detail) {
        return CompletableFuture.completedFuture(EndTransactionResult.of(Status.STORE_FAILED, detail));
    }

    static String describe(Actor actor) {
        if (actor == null) {
            return "unknown";
        }
        String text = actor.by().name().toLowerCase(java.util.Locale.ROOT)
                + (actor.address() == null ? "" : " " + actor.address());
        return actor.reason() == null ? text : text + " (" + actor.reason() + ")";
    }
}
