package io.ferrymq.transaction;

import java.util.BitSet;
import java.util.TreeMap;

/**
 * The half-queue offsets of transactions already resolved, kept as bits in 64 Ki-offset segments so a
 * million resolved transactions cost about 128 KiB; segments wholly below the scan floor are dropped.
 * Not thread-safe: owned by {@link TransactionTable}.
 */
final class ResolvedRoots {
    private static final int SEGMENT_BITS = 1 << 16;
    private final TreeMap<Long, BitSet> segments = new TreeMap<>();

    void add(long root) {
        segments.computeIfAbsent(root / SEGMENT_BITS, k -> new BitSet(SEGMENT_BITS)).set((int) (root % SEGMENT_BITS));
    }

    boolean contains(long root) {
        BitSet bits = segments.get(root / SEGMENT_BITS);
        return bits != null && bits.get((int) (root % SEGMENT_BITS));
    }

    /** Forgets segments entirely below {@code floor}. */
    void dropBelow(long floor) {
        segments.headMap(floor / SEGMENT_BITS).clear();
    }

    int segmentCount() {
        return segments.size();
    }
}
