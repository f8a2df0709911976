package io.ferrymq.store;

import java.util.Arrays;

/** Decides from a consume-queue tags code whether a message is wanted, without touching the log. */
@FunctionalInterface
public interface MessageFilter {

    /** Subscription {@code *}: everything. */
    MessageFilter ALL = tagsCode -> true;

    boolean matches(long tagsCode);

    /** Tag subscription {@code A || B}: matches when the low 32 bits equal one of {@code tagHashes}. */
    static MessageFilter ofTagHashes(int... tagHashes) {
        int[] sorted = tagHashes.clone();
        Arrays.sort(sorted);
        return tagsCode -> Arrays.binarySearch(sorted, (int) tagsCode) >= 0;
    }
}
