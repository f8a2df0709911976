package io.ferrymq.store.retention;

import io.ferrymq.store.agent.Agent;
import io.ferrymq.store.commitlog.CommitLog;
import io.ferrymq.store.config.StoreConfig;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention and disk-space guard, one pass every cleanResourceInterval (by the injected clock).
 *
 * <p>Each pass, with {@code used} = {@link DiskUsage} of the store's disk in percent:
 * <ol>
 *   <li>Write gate: at {@code used >= diskSpaceWarningLevelRatio} (default 90) the commit log refuses
 *       puts with {@code DISK_FULL}; once refused, puts resume only when {@code used} falls below
 *       {@code min(diskSpaceCleanForciblyRatio, diskSpaceWarningLevelRatio)} (default 85), so the
 *       gate does not flap around one value.</li>
 *   <li>Disk pressure: at {@code used >= diskMaxUsedSpaceRatio} (default 75) the oldest commit-log
 *       segments are deleted whatever their age (never the one being written).</li>
 *   <li>Otherwise, during a {@code deleteWhen} hour (in the injected zone), segments older than
 *       {@code fileReservedTime} (by file modification time) are deleted, oldest first.</li>
 * </ol>
 * Deletion is bounded per pass by {@code deleteFileBatchMax}; the deleter also has dispatch drop the
 * consume-queue and index entries of deleted segments and move min offsets.
 *
 * <p>Threads: its own agent thread; {@link #runOnce()} may also be called (it is synchronized).
 */
public final class RetentionService implements Agent {

    private static final Logger LOG = LoggerFactory.getLogger(RetentionService.class);

    /** Deletes up to deleteFileBatchMax segments: expired ones, or the oldest ones when {@code force}. */
    @FunctionalInterface
    public interface SegmentDeleter {
        int delete(boolean force) throws IOException;
    }

    private final StoreConfig config;
    private final InstantSource clock;
    private final ZoneId zone;
    private final DiskUsage disk;
    private final SegmentDeleter deleter;
    private final CommitLog commitLog;
    private final long intervalMillis;
    private final double refuseAt;
    private final double resumeBelow;
    private final double pressureAt;
    private long nextAt;
    private volatile long passes;

    public RetentionService(StoreConfig config, InstantSource clock, ZoneId zone, DiskUsage disk,
                            SegmentDeleter deleter, CommitLog commitLog) {
        this.config = config;
        this.clock = clock;
        this.zone = zone;
        this.disk = disk;
        this.deleter = deleter;
        this.commitLog = commitLog;
        this.intervalMillis = config.cleanResourceInterval().toMillis();
        this.refuseAt = config.diskSpaceWarningLevelRatio();
        this.resumeBelow = Math.min(config.diskSpaceCleanForciblyRatio(), config.diskSpaceWarningLevelRatio());
        this.pressureAt = config.diskMaxUsedSpaceRatio();
    }

    @Override
    public String roleName() {
        return "ferrymq-retention";
    }

    @Override
    public int doWork() throws IOException {
        long now = clock.millis();
        if (now < nextAt) {
            return 0;
        }
        nextAt = now + intervalMillis;
        return runOnce();
    }

    /** Passes completed so far. */
    public long passes() {
        return passes;
    }

    /**
     * One pass now.
     *
     * @return segments deleted
     */
    public synchronized int runOnce() throws IOException {
        try {
            double used = disk.usedPercent();
            gateWrites(used);
            int deleted = 0;
            if (used >= pressureAt) {
                deleted = deleter.delete(true);
                LOG.warn("disk {}% used (>= diskMaxUsedSpaceRatio {}%): deleted the {} oldest commit-log segments",
                        Math.round(used), Math.round(pressureAt), deleted);
            } else if (config.isDeleteHour(Instant.ofEpochMilli(clock.millis()).atZone(zone).getHour())) {
                deleted = deleter.delete(false);
                if (deleted > 0) {
                    LOG.info("deleted {} commit-log segments older than {}", deleted, config.fileReservedTime());
                }
            }
            return deleted;
        } finally {
            passes++;
        }
    }

    private void gateWrites(double used) {
        if (!commitLog.isDiskFull() && used >= refuseAt) {
            commitLog.setDiskFull(true);
            LOG.error("disk {}% used (>= diskSpaceWarningLevelRatio {}%): refusing puts with DISK_FULL until below {}%",
                    Math.round(used), Math.round(refuseAt), Math.round(resumeBelow));
        } else if (commitLog.isDiskFull() && used < resumeBelow) {
            commitLog.setDiskFull(false);
            LOG.warn("disk {}% used (< {}%): accepting puts again", Math.round(used), Math.round(resumeBelow));
        }
    }
}
