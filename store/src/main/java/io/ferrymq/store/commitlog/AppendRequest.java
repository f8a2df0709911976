package io.ferrymq.store.commitlog;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * One put on its way through the writer: one or more complete records of the same topic queue,
 * encoded by the producer's thread between {@code position} and {@code limit} of {@link #records}.
 * The writer patches QUEUEOFFSET, PHYSICALOFFSET and STORETIMESTAMP in its copy in the log.
 */
final class AppendRequest {

    final ByteBuffer records;
    final String topic;
    final int queueId;
    final boolean dispatchable;
    final CompletableFuture<PutResult> future = new CompletableFuture<>();
    /** Set by the writer; for SYNC_FLUSH completed only after the flush. */
    PutResult result;
    /** Commit-log offset just past this request's records. */
    long endOffset;
    /** SYNC_FLUSH deadline on the flusher's nano clock. */
    long deadlineNanos;

    AppendRequest(ByteBuffer records, String topic, int queueId, boolean dispatchable) {
        this.records = records;
        this.topic = topic;
        this.queueId = queueId;
        this.dispatchable = dispatchable;
    }
}
