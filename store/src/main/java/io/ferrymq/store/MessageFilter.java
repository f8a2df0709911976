package io.ferrymq.store;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Decides whether a message is wanted: first from its consume-queue tags code, without touching the log
 * ({@link #matches}); a filter over message properties (SQL92) also asks for the stored record
 * ({@link #needsRecord}, {@link #matchesRecord}), which the store then reads only for units that passed
 * the tags-code test.
 */
@FunctionalInterface
public interface MessageFilter {

    /** Subscription {@code *}: everything. */
    MessageFilter ALL = tagsCode -> true;

    boolean matches(long tagsCode);

    /** True when {@link #matchesRecord} must be asked as well; tag filters answer from the tags code alone. */
    default boolean needsRecord() {
        return false;
    }

    /**
     * Decides from the stored record (a read-only view: position 0, limit = TOTALSIZE). Called on the
     * reading thread only when {@link #needsRecord} is true and {@link #matches} passed; must not keep the
     * buffer.
     */
    default boolean matchesRecord(ByteBuffer record) {
        return true;
    }

    /** Tag subscription {@code A || B}: matches when the low 32 bits equal one of {@code tagHashes}. */
    static MessageFilter ofTagHashes(int... tagHashes) {
        int[] sorted = tagHashes.clone();
        Arrays.sort(sorted);
        return tagsCode -> Arrays.binarySearch(sorted, (int) tagsCode) >= 0;
    }
}
