package io.ferrymq.broker.timer;

import java.util.BitSet;

/**
 * The timer-topic queue offsets whose timers are not delivered yet, as a bit set from a moving base, to
 * know the smallest one cheaply (where a restart must start reading). Not thread-safe: timer thread only.
 */
final class PendingOffsets {
    /** Bits cleared at the front before the set is shifted. */
    private static final int COMPACT_AFTER = 1 << 16;

    private long base;
    private BitSet bits = new BitSet();
    private int count;

    /** Forgets everything; offsets from {@code newBase} on may be added. */
    void reset(long newBase) {
        base = newBase;
        bits = new BitSet();
        count = 0;
    }

    void add(long offset) {
        if (offset < base) {
            rebase(offset);
        }
        long index = offset - base;
        if (index > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("offset " + offset + " out of range from " + base);
        }
        if (!bits.get((int) index)) {
            bits.set((int) index);
            count++;
        }
    }

    void remove(long offset) {
        long index = offset - base;
        if (index < 0 || index > Integer.MAX_VALUE - 1 || !bits.get((int) index)) {
            return;
        }
        bits.clear((int) index);
        count--;
        int first = bits.nextSetBit(0);
        if (first < 0) {
            // offsets are added in increasing order: later ones are all above this one
            base = offset + 1;
            bits = new BitSet();
        } else if (first >= COMPACT_AFTER) {
            bits = bits.get(first, bits.length());
            base += first;
        }
    }

    /** Moves the base down to {@code newBase} (only after the timer topic was found shorter than expected). */
    private void rebase(long newBase) {
        long shift = base - newBase;
        if (shift > Integer.MAX_VALUE - bits.length()) {
            throw new IllegalArgumentException("offset " + newBase + " out of range from " + base);
        }
        BitSet moved = new BitSet();
        for (int i = bits.nextSetBit(0); i >= 0; i = bits.nextSetBit(i + 1)) {
            moved.set(i + (int) shift);
        }
        bits = moved;
        base = newBase;
    }

    /** The smallest pending offset, or {@code ifNone}. */
    long min(long ifNone) {
        int first = bits.nextSetBit(0);
        return first < 0 ? ifNone : base + first;
    }

    int count() {
        return count;
    }
}
