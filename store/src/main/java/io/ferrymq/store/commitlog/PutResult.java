package io.ferrymq.store.commitlog;

/**
 * What a put produced. For a batch, the offsets are those of its first record and {@code count}
 * records follow contiguously in the log and in the queue.
 *
 * @param status          outcome; offsets are meaningful for PUT_OK and FLUSH_DISK_TIMEOUT
 * @param physicalOffset  commit-log offset of the first record
 * @param bytes           total bytes appended
 * @param queueOffset     consume-queue offset of the first record (0 for prepared/rollback records)
 * @param count           number of records
 * @param storeTimestamp  store timestamp written into the records, ms
 */
public record PutResult(PutStatus status, long physicalOffset, int bytes, long queueOffset, int count,
                        long storeTimestamp) {

    private static final PutResult[] FAILURES = new PutResult[PutStatus.values().length];

    static {
        for (PutStatus s : PutStatus.values()) {
            FAILURES[s.ordinal()] = new PutResult(s, -1, 0, -1, 0, 0);
        }
    }

    /** A shared result carrying no offsets. */
    public static PutResult failure(PutStatus status) {
        return FAILURES[status.ordinal()];
    }

    public boolean isOk() {
        return status == PutStatus.PUT_OK;
    }

    PutResult withStatus(PutStatus newStatus) {
        return new PutResult(newStatus, physicalOffset, bytes, queueOffset, count, storeTimestamp);
    }
}
