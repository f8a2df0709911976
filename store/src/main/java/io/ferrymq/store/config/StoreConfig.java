package io.ferrymq.store.config;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Typed, validated settings of the message store, parsed once from RocketMQ's key names.
 *
 * <p>Every value carries its unit in its type ({@link Duration}) or its name ({@code ...Bytes}); the
 * RocketMQ key and its implied unit are listed next to each accessor. Components copy what they need
 * into final fields at construction and never look settings up on the hot path.
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>unit</th><th>default</th></tr>
 *   <tr><td>storePathRootDir</td><td>path</td><td>~/store</td></tr>
 *   <tr><td>storePathCommitLog</td><td>path</td><td>&lt;root&gt;/commitlog</td></tr>
 *   <tr><td>mapedFileSizeCommitLog (alias mappedFileSizeCommitLog)</td><td>bytes</td><td>32 MiB (RocketMQ: 1 GiB; smaller segments let idle ones leave resident memory)</td></tr>
 *   <tr><td>mapedFileSizeConsumeQueue (alias mappedFileSizeConsumeQueue)</td><td>bytes, rounded up to 20</td><td>300 000 x 20</td></tr>
 *   <tr><td>flushDiskType</td><td>ASYNC_FLUSH / SYNC_FLUSH</td><td>ASYNC_FLUSH</td></tr>
 *   <tr><td>flushIntervalCommitLog</td><td>ms</td><td>500</td></tr>
 *   <tr><td>flushCommitLogLeastPages</td><td>4 KiB pages</td><td>4</td></tr>
 *   <tr><td>flushCommitLogThoroughInterval</td><td>ms</td><td>10 000</td></tr>
 *   <tr><td>flushIntervalConsumeQueue</td><td>ms</td><td>1 000</td></tr>
 *   <tr><td>syncFlushTimeout</td><td>ms</td><td>5 000</td></tr>
 *   <tr><td>fileReservedTime</td><td>hours</td><td>72</td></tr>
 *   <tr><td>deleteWhen</td><td>hours of day, ';'-separated</td><td>04</td></tr>
 *   <tr><td>diskMaxUsedSpaceRatio</td><td>percent, 10..95</td><td>75</td></tr>
 *   <tr><td>diskSpaceCleanForciblyRatio (refused writes resume below it)</td><td>percent</td><td>85</td></tr>
 *   <tr><td>diskSpaceWarningLevelRatio (writes refused past it)</td><td>percent</td><td>90</td></tr>
 *   <tr><td>deleteFileBatchMax</td><td>segments per pass</td><td>10</td></tr>
 *   <tr><td>maxMessageSize</td><td>bytes</td><td>4 MiB</td></tr>
 *   <tr><td>maxTransferCountOnMessageInMemory</td><td>messages per pull</td><td>32</td></tr>
 *   <tr><td>maxTransferBytesOnMessageInMemory</td><td>bytes per pull</td><td>256 KiB</td></tr>
 *   <tr><td>messageIndexEnable</td><td>boolean</td><td>true</td></tr>
 *   <tr><td>maxHashSlotNum</td><td>hash slots per index file</td><td>5 000 000</td></tr>
 *   <tr><td>maxIndexNum</td><td>entries per index file</td><td>20 000 000</td></tr>
 *   <tr><td>cleanResourceInterval</td><td>ms between retention passes</td><td>10 000</td></tr>
 *   <tr><td>messageDelayLevel</td><td>list of 1s/1m/1h/1d</td><td>1s 5s 10s 30s 1m ... 2h</td></tr>
 * </table>
 */
public final class StoreConfig {

    private static final Logger LOG = LoggerFactory.getLogger(StoreConfig.class);

    /** One ConsumeQueue unit; segment sizes of consume queues are rounded up to a multiple of it. */
    public static final int CQ_UNIT_BYTES = 20;
    public static final String DEFAULT_DELAY_LEVELS = "1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h";

    private final Path rootDir;
    private final Path commitLogDir;
    private final int commitLogSegmentBytes;
    private final int consumeQueueSegmentBytes;
    private final FlushDiskType flushDiskType;
    private final Duration flushInterval;
    private final int flushLeastPages;
    private final Duration flushThoroughInterval;
    private final Duration flushIntervalConsumeQueue;
    private final Duration syncFlushTimeout;
    private final Duration fileReservedTime;
    private final BitSet deleteWhenHours;
    private final int diskMaxUsedSpaceRatio;
    private final int diskSpaceCleanForciblyRatio;
    private final int diskSpaceWarningLevelRatio;
    private final int deleteFileBatchMax;
    private final int maxMessageSize;
    private final int maxTransferCount;
    private final int maxTransferBytes;
    private final boolean messageIndexEnable;
    private final int maxHashSlotNum;
    private final int maxIndexNum;
    private final Duration cleanResourceInterval;
    private final List<Duration> messageDelayLevels;

    private StoreConfig(ConfigReader r) {
        rootDir = Paths.get(r.string("storePathRootDir", System.getProperty("user.home") + "/store"));
        String commitLog = r.raw("storePathCommitLog");
        commitLogDir = commitLog == null ? rootDir.resolve("commitlog") : Paths.get(commitLog);
        commitLogSegmentBytes = r.intValue("mapedFileSizeCommitLog", 32 << 20, 4096, Integer.MAX_VALUE,
                "mappedFileSizeCommitLog");
        int cq = r.intValue("mapedFileSizeConsumeQueue", 300_000 * CQ_UNIT_BYTES, CQ_UNIT_BYTES,
                Integer.MAX_VALUE - CQ_UNIT_BYTES, "mappedFileSizeConsumeQueue");
        consumeQueueSegmentBytes = (cq + CQ_UNIT_BYTES - 1) / CQ_UNIT_BYTES * CQ_UNIT_BYTES;
        flushDiskType = r.enumValue("flushDiskType", FlushDiskType.class, FlushDiskType.ASYNC_FLUSH);
        flushInterval = r.duration("flushIntervalCommitLog", Duration.ofMillis(500), ChronoUnit.MILLIS,
                Duration.ofMillis(1));
        flushLeastPages = r.intValue("flushCommitLogLeastPages", 4, 0, 1 << 20);
        flushThoroughInterval = r.duration("flushCommitLogThoroughInterval", Duration.ofSeconds(10),
                ChronoUnit.MILLIS, Duration.ZERO);
        flushIntervalConsumeQueue = r.duration("flushIntervalConsumeQueue", Duration.ofSeconds(1),
                ChronoUnit.MILLIS, Duration.ofMillis(1));
        syncFlushTimeout = r.duration("syncFlushTimeout", Duration.ofSeconds(5), ChronoUnit.MILLIS,
                Duration.ofMillis(1));
        fileReservedTime = r.duration("fileReservedTime", Duration.ofHours(72), ChronoUnit.HOURS, Duration.ZERO);
        deleteWhenHours = parseHours("deleteWhen", r.string("deleteWhen", "04"));
        diskMaxUsedSpaceRatio = r.intValue("diskMaxUsedSpaceRatio", 75, 10, 95);
        diskSpaceCleanForciblyRatio = r.intValue("diskSpaceCleanForciblyRatio", 85, 10, 99);
        diskSpaceWarningLevelRatio = r.intValue("diskSpaceWarningLevelRatio", 90, 10, 99);
        deleteFileBatchMax = r.intValue("deleteFileBatchMax", 10, 1, 10_000);
        boolean maxSizeGiven = r.raw("maxMessageSize") != null;
        int maxSize = r.intValue("maxMessageSize", 4 * 1024 * 1024, 128, Integer.MAX_VALUE / 2);
        maxTransferCount = r.intValue("maxTransferCountOnMessageInMemory", 32, 1, 1 << 20);
        maxTransferBytes = r.intValue("maxTransferBytesOnMessageInMemory", 256 * 1024, 1, Integer.MAX_VALUE);
        messageIndexEnable = r.bool("messageIndexEnable", true);
        maxHashSlotNum = r.intValue("maxHashSlotNum", 5_000_000, 1, 100_000_000);
        maxIndexNum = r.intValue("maxIndexNum", 20_000_000, 1, 80_000_000);
        cleanResourceInterval = r.duration("cleanResourceInterval", Duration.ofSeconds(10), ChronoUnit.MILLIS,
                Duration.ofMillis(1));
        messageDelayLevels = parseDelayLevels("messageDelayLevel", r.string("messageDelayLevel", DEFAULT_DELAY_LEVELS));
        if (maxSize > commitLogSegmentBytes - 8 && !maxSizeGiven) {
            maxSize = commitLogSegmentBytes - 8;
            LOG.info("maxMessageSize defaults to {} to fit a {}-byte commit-log segment", maxSize,
                    commitLogSegmentBytes);
        }
        maxMessageSize = maxSize;
        if (maxMessageSize > commitLogSegmentBytes - 8) {
            throw ConfigReader.invalid("maxMessageSize", String.valueOf(maxMessageSize),
                    "must leave room for the 8-byte end-of-segment filler in a " + commitLogSegmentBytes
                            + "-byte commit-log segment");
        }
        if (cq != consumeQueueSegmentBytes) {
            LOG.info("mapedFileSizeConsumeQueue={} rounded up to {} (a multiple of {})", cq,
                    consumeQueueSegmentBytes, CQ_UNIT_BYTES);
        }
    }

    /** Parses the store's keys from {@code reader}; the caller reports unknown keys of the whole file. */
    public static StoreConfig from(ConfigReader reader) {
        return new StoreConfig(reader);
    }

    /** Parses a store-only property set, logging a warning for each key the store does not know. */
    public static StoreConfig from(Properties props) {
        ConfigReader reader = new ConfigReader(props);
        StoreConfig config = new StoreConfig(reader);
        Set<String> unknown = reader.unconsumedKeys();
        if (!unknown.isEmpty()) {
            LOG.warn("unknown store config keys ignored: {}", unknown);
        }
        return config;
    }

    private static BitSet parseHours(String key, String value) {
        BitSet hours = new BitSet(24);
        for (String part : value.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int hour;
            try {
                hour = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw ConfigReader.invalid(key, value, "expected hours of day such as 04 or 04;16");
            }
            if (hour < 0 || hour > 23) {
                throw ConfigReader.invalid(key, value, "hour out of range 0..23");
            }
            hours.set(hour);
        }
        return hours;
    }

    private static List<Duration> parseDelayLevels(String key, String value) {
        List<Duration> levels = new ArrayList<>();
        for (String token : value.trim().split("\\s+")) {
            if (token.length() < 2) {
                throw ConfigReader.invalid(key, value, "bad level '" + token + "'");
            }
            ChronoUnit unit;
            switch (token.charAt(token.length() - 1)) {
                case 's': unit = ChronoUnit.SECONDS; break;
                case 'm': unit = ChronoUnit.MINUTES; break;
                case 'h': unit = ChronoUnit.HOURS; break;
                case 'd': unit = ChronoUnit.DAYS; break;
                default: throw ConfigReader.invalid(key, value, "unit of '" + token + "' must be s, m, h or d");
            }
            long amount;
            try {
                amount = Long.parseLong(token.substring(0, token.length() - 1));
            } catch (NumberFormatException e) {
                throw ConfigReader.invalid(key, value, "bad level '" + token + "'");
            }
            if (amount <= 0) {
                throw ConfigReader.invalid(key, value, "level '" + token + "' must be positive");
            }
            levels.add(Duration.of(amount, unit));
        }
        return List.copyOf(levels);
    }

    /** {@code storePathRootDir}. */
    public Path rootDir() {
        return rootDir;
    }

    /** {@code storePathCommitLog}, default {@code <root>/commitlog}. */
    public Path commitLogDir() {
        return commitLogDir;
    }

    /** {@code <root>/consumequeue}: one directory per topic, one per queue id below it. */
    public Path consumeQueueDir() {
        return rootDir.resolve("consumequeue");
    }

    /** {@code <root>/index}. */
    public Path indexDir() {
        return rootDir.resolve("index");
    }

    /** {@code <root>/checkpoint}. */
    public Path checkpointFile() {
        return rootDir.resolve("checkpoint");
    }

    /** {@code <root>/metadata}: the RocksDB directory. */
    public Path metadataDir() {
        return rootDir.resolve("metadata");
    }

    /** {@code <root>/abort}: present while the store runs; left behind by a crash. */
    public Path abortFile() {
        return rootDir.resolve("abort");
    }

    /** {@code mapedFileSizeCommitLog}, bytes per commit-log segment. */
    public int commitLogSegmentBytes() {
        return commitLogSegmentBytes;
    }

    /** {@code mapedFileSizeConsumeQueue}, bytes per consume-queue segment, a multiple of 20. */
    public int consumeQueueSegmentBytes() {
        return consumeQueueSegmentBytes;
    }

    public FlushDiskType flushDiskType() {
        return flushDiskType;
    }

    /** {@code flushIntervalCommitLog}: the ASYNC_FLUSH agent's period. */
    public Duration flushInterval() {
        return flushInterval;
    }

    /** {@code flushCommitLogLeastPages}: ASYNC_FLUSH skips a periodic flush with fewer dirty 4 KiB pages. */
    public int flushLeastPages() {
        return flushLeastPages;
    }

    /** {@code flushCommitLogThoroughInterval}: at least this often, flush whatever is dirty. */
    public Duration flushThoroughInterval() {
        return flushThoroughInterval;
    }

    /** {@code flushIntervalConsumeQueue}. */
    public Duration flushIntervalConsumeQueue() {
        return flushIntervalConsumeQueue;
    }

    /** {@code syncFlushTimeout}: SYNC_FLUSH puts waiting longer report FLUSH_DISK_TIMEOUT. */
    public Duration syncFlushTimeout() {
        return syncFlushTimeout;
    }

    /** {@code fileReservedTime} (hours in the file). */
    public Duration fileReservedTime() {
        return fileReservedTime;
    }

    /** {@code deleteWhen}: true when retention may run during {@code hourOfDay} (0..23). */
    public boolean isDeleteHour(int hourOfDay) {
        return deleteWhenHours.get(hourOfDay);
    }

    /** {@code diskMaxUsedSpaceRatio}, percent: past it, expired or not, the oldest segments go. */
    public int diskMaxUsedSpaceRatio() {
        return diskMaxUsedSpaceRatio;
    }

    /** {@code diskSpaceCleanForciblyRatio}, percent: puts refused for a full disk resume below it. */
    public int diskSpaceCleanForciblyRatio() {
        return diskSpaceCleanForciblyRatio;
    }

    /** {@code diskSpaceWarningLevelRatio}, percent: past it, puts are refused with DISK_FULL. */
    public int diskSpaceWarningLevelRatio() {
        return diskSpaceWarningLevelRatio;
    }

    /** {@code deleteFileBatchMax}: segments deleted per retention pass. */
    public int deleteFileBatchMax() {
        return deleteFileBatchMax;
    }

    /** {@code maxMessageSize}, bytes of a whole record. */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** {@code maxTransferCountOnMessageInMemory}. */
    public int maxTransferCount() {
        return maxTransferCount;
    }

    /** {@code maxTransferBytesOnMessageInMemory}. */
    public int maxTransferBytes() {
        return maxTransferBytes;
    }

    /** {@code messageIndexEnable}. */
    public boolean messageIndexEnable() {
        return messageIndexEnable;
    }

    /** {@code maxHashSlotNum}: hash slots per index file. */
    public int maxHashSlotNum() {
        return maxHashSlotNum;
    }

    /** {@code maxIndexNum}: entries per index file. */
    public int maxIndexNum() {
        return maxIndexNum;
    }

    /** {@code cleanResourceInterval}: period of the retention service's checks. */
    public Duration cleanResourceInterval() {
        return cleanResourceInterval;
    }

    /** {@code messageDelayLevel}: level i (1-based) waits {@code get(i - 1)}. */
    public List<Duration> messageDelayLevels() {
        return messageDelayLevels;
    }
}
