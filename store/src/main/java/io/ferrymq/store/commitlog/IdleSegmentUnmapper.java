package io.ferrymq.store.commitlog;

import io.ferrymq.store.agent.Agent;
import io.ferrymq.store.file.MappedFileQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops the memory mappings of commit-log segments that are full, flushed and not read for a while
 * (and, beyond a few mapped for reading, those read least recently), so that the broker's resident memory holds the segments in use rather than every segment written
 * since start (the data stays in the OS page cache; a reader maps the segment again).
 */
final class IdleSegmentUnmapper implements Agent {

    private static final Logger LOG = LoggerFactory.getLogger(IdleSegmentUnmapper.class);

    private final MappedFileQueue files;
    private final long idleNanos;
    private final int maxMapped;

    IdleSegmentUnmapper(MappedFileQueue files, long idleNanos, int maxMapped) {
        this.files = files;
        this.idleNanos = idleNanos;
        this.maxMapped = maxMapped;
    }

    @Override
    public String roleName() {
        return "ferrymq-commitlog-unmap";
    }

    @Override
    public int doWork() {
        int dropped = files.unmapIdle(idleNanos, maxMapped);
        if (dropped > 0) {
            LOG.debug("unmapped {} idle commit-log segments", dropped);
        }
        // Never reports work: the runner sleeps its full park between sweeps.
        return 0;
    }
}
