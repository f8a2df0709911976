package io.ferrymq.bench.mq;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the tx mode decided for each transaction of a run, and what a consumer later found in the
 * topic: every committed transaction must arrive exactly once, nothing else of this run may arrive.
 * Transactions are numbered; each body carries the run's marker and the number
 * ({@link Payloads#stamped}). Outcomes are written by the thread that ran the transaction (or the
 * check-back thread) and read after those threads were joined.
 */
final class TxLedger {
    static final byte NOT_STORED = 0;
    static final byte COMMITTED = 1;
    static final byte UNKNOWN_THEN_COMMIT = 2;
    static final byte UNKNOWN_THEN_ROLLBACK = 3;

    private final long marker;
    private final byte[] outcome;
    private final byte[] arrivals;
    private final AtomicLong next = new AtomicLong();
    private final ConcurrentHashMap<String, Integer> unknownByKey = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Boolean> failedKeys = new ConcurrentHashMap<>();
    private final AtomicLong unknownSeq = new AtomicLong();
    private final AtomicLong unknownAnswered = new AtomicLong();
    private long foreign;

    TxLedger(long marker, int capacity) {
        this.marker = marker;
        this.outcome = new byte[capacity];
        this.arrivals = new byte[capacity];
    }

    long marker() {
        return marker;
    }

    /** The next transaction's number, or -1 when the ledger is full. */
    int claim() {
        long n = next.getAndIncrement();
        return n < outcome.length ? (int) n : -1;
    }

    /** Whether transaction {@code n} is answered UNKNOW first: spread evenly at {@code ratio}. */
    static boolean answeredUnknown(int n, double ratio) {
        return ratio > 0 && Math.floor((n + 1) * ratio) > Math.floor(n * ratio);
    }

    void committed(int n) {
        outcome[n] = COMMITTED;
    }

    /** Left UNKNOW; the check-back will commit every second one of them and roll back the others. */
    void unknown(int n, String uniqKey) {
        outcome[n] = unknownSeq.getAndIncrement() % 2 == 0 ? UNKNOWN_THEN_COMMIT : UNKNOWN_THEN_ROLLBACK;
        unknownByKey.put(uniqKey, n);
    }

    /** The half message was not acknowledged: should the broker have stored it anyway, a check rolls it back. */
    void failed(String uniqKey) {
        failedKeys.put(uniqKey, Boolean.TRUE);
    }

    /** Transactions left UNKNOW so far. */
    long unknownCount() {
        return unknownSeq.get();
    }

    /**
     * The answer to a check-back of {@code uniqKey}: rollback for an UNKNOW transaction meant to be
     * rolled back, commit for anything else (committed ones whose oneway commit was lost).
     */
    boolean commitOnCheck(String uniqKey) {
        if (uniqKey == null) {
            return true;
        }
        if (failedKeys.containsKey(uniqKey)) {
            return false;
        }
        Integer n = unknownByKey.remove(uniqKey);
        if (n == null) {
            return true;
        }
        unknownAnswered.incrementAndGet();
        return outcome[n] == UNKNOWN_THEN_COMMIT;
    }

    long unknownAnswered() {
        return unknownAnswered.get();
    }

    /** A consumed body: counts it for its transaction, or as foreign when it is not of this run. */
    void arrived(ByteBuffer buf, int bodyPos, int bodyLength) {
        if (bodyLength < Payloads.STAMP_LENGTH || buf.getLong(bodyPos) != marker) {
            foreign++;
            return;
        }
        long n = buf.getLong(bodyPos + 8);
        if (n < 0 || n >= outcome.length) {
            foreign++;
            return;
        }
        if (arrivals[(int) n] < Byte.MAX_VALUE) {
            arrivals[(int) n]++;
        }
    }

    /** Verification of what arrived against what was decided. */
    record Verdict(long committed, long rolledBack, long missing, long duplicates, long unexpected, long foreign) {
        boolean clean() {
            return missing == 0 && duplicates == 0 && unexpected == 0;
        }
    }

    Verdict verdict() {
        int used = (int) Math.min(next.get(), outcome.length);
        long committed = 0;
        long rolledBack = 0;
        long missing = 0;
        long duplicates = 0;
        long unexpected = 0;
        for (int n = 0; n < used; n++) {
            boolean expected = outcome[n] == COMMITTED || outcome[n] == UNKNOWN_THEN_COMMIT;
            if (expected) {
                committed++;
            } else if (outcome[n] == UNKNOWN_THEN_ROLLBACK) {
                rolledBack++;
            }
            if (expected && arrivals[n] == 0) {
                missing++;
            } else if (arrivals[n] > 1) {
                duplicates++;
            }
            if (!expected && arrivals[n] > 0) {
                unexpected++;
            }
        }
        for (int n = used; n < arrivals.length; n++) {
            if (arrivals[n] > 0) {
                unexpected++;
            }
        }
        return new Verdict(committed, rolledBack, missing, duplicates, unexpected, foreign);
    }
}
