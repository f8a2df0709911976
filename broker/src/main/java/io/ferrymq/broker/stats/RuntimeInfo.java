package io.ferrymq.broker.stats;

import io.ferrymq.common.MQVersion;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.commitlog.CommitLog;
import io.ferrymq.store.retention.DiskUsage;
import io.ferrymq.transaction.TransactionStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The key/value table of GET_BROKER_RUNTIME_INFO ({@code mqadmin brokerStatus}), with RocketMQ's key
 * names: versions, message totals and rates, thread-pool queues, commit-log offsets, disk use; and
 * FerryMQ's transaction counters under {@code transaction*} keys (see {@link #putTransactions}).
 */
public final class RuntimeInfo {
    private static final long DAY = 86_400_000L;
    private static final long HOUR = 3_600_000L;
    private static final long MINUTE = 60_000L;

    private final BrokerStats stats;
    private final MessageStore store;
    private final Path commitLogDir;
    private final Path consumeQueueDir;
    private final Supplier<Map<String, String>> threadPools;
    private final Supplier<TransactionStats.Snapshot> transactions;
    private final InstantSource clock;

    /**
     * @param threadPools  the request executors' queue sizes and capacities, by RocketMQ key name
     * @param transactions the transaction service's counters
     */
    public RuntimeInfo(BrokerStats stats, MessageStore store, Path commitLogDir, Path consumeQueueDir,
                       Supplier<Map<String, String>> threadPools, Supplier<TransactionStats.Snapshot> transactions,
                       InstantSource clock) {
        this.stats = stats;
        this.store = store;
        this.commitLogDir = commitLogDir;
        this.consumeQueueDir = consumeQueueDir;
        this.threadPools = threadPools;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A fresh table, keys sorted. */
    public Map<String, String> snapshot() {
        Map<String, String> m = new TreeMap<>();
        m.put("brokerVersion", Integer.toString(MQVersion.CURRENT));
        m.put("brokerVersionDesc", MQVersion.desc(MQVersion.CURRENT));
        m.put("bootTimestamp", Long.toString(stats.bootTimestamp()));
        m.put("runtime", runtime(clock.millis() - stats.bootTimestamp()));

        BrokerStats.DailyTotals daily = stats.daily();
        m.put("msgPutTotalYesterdayMorning", Long.toString(daily.putYesterdayMorning()));
        m.put("msgPutTotalTodayMorning", Long.toString(daily.putTodayMorning()));
        m.put("msgPutTotalTodayNow", Long.toString(stats.putTotal()));
        m.put("msgGetTotalYesterdayMorning", Long.toString(daily.getYesterdayMorning()));
        m.put("msgGetTotalTodayMorning", Long.toString(daily.getTodayMorning()));
        m.put("msgGetTotalTodayNow", Long.toString(stats.transferredTotal()));
        m.put("putMessageTimesTotal", Long.toString(stats.putTotal()));
        m.put("putTps", stats.putTps());
        m.put("getTransferedTps", stats.transferredTps());
        m.put("getFoundTps", stats.pullFoundTps());
        m.put("getMissTps", stats.pullMissTps());
        m.put("getTotalTps", stats.pullTotalTps());
        m.putAll(threadPools.get());

        CommitLog log = store.commitLog();
        long maxOffset = log.maxOffset();
        long minOffset = log.minOffset();
        m.put("commitLogMinOffset", Long.toString(minOffset));
        m.put("commitLogMaxOffset", Long.toString(maxOffset));
        m.put("dispatchBehindBytes", Long.toString(Math.max(0, maxOffset - store.dispatchedOffset())));
        m.put("remainHowManyDataToFlush", humanReadableBytes(Math.max(0, maxOffset - log.flushedOffset())));
        long earliest = maxOffset > minOffset ? log.storeTimestamp(minOffset) : -1;
        m.put("earliestMessageTimeStamp", Long.toString(Math.max(earliest, 0)));
        m.put("commitLogDiskRatio", diskRatio(commitLogDir));
        m.put("consumeQueueDiskRatio", diskRatio(consumeQueueDir));
        String capacity = capacity(commitLogDir);
        if (capacity != null) {
            m.put("commitLogDirCapacity", capacity);
        }
        putTransactions(m, transactions.get());
        return m;
    }

    /**
     * The transaction counters: pending and stuck now (gauges); since the broker started, half messages
     * read by the check scan, commits, rollbacks, check-backs sent, transactions set aside as stuck and
     * resolutions by an operator.
     */
    static void putTransactions(Map<String, String> m, TransactionStats.Snapshot tx) {
        m.put("transactionPending", Long.toString(tx.pending()));
        m.put("transactionStuck", Long.toString(tx.stuck()));
        m.put("transactionHalves", Long.toString(tx.halves()));
        m.put("transactionCommits", Long.toString(tx.commits()));
        m.put("transactionRollbacks", Long.toString(tx.rollbacks()));
        m.put("transactionChecksSent", Long.toString(tx.checksSent()));
        m.put("transactionSetAside", Long.toString(tx.setAside()));
        m.put("transactionManual", Long.toString(tx.manual()));
    }

    /** {@code [ d days, h hours, m minutes, s seconds ]}, as RocketMQ shows uptime. */
    static String runtime(long millis) {
        long t = Math.max(0, millis);
        return "[ " + t / DAY + " days, " + (t % DAY) / HOUR + " hours, " + (t % HOUR) / MINUTE + " minutes, "
                + (t % MINUTE) / 1000 + " seconds ]";
    }

    /** Binary-unit size text, e.g. {@code 1.5 GiB}. */
    static String humanReadableBytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int exp = (int) (Math.log(bytes) / Math.log(1024));
        exp = Math.min(exp, 6);
        return String.format(Locale.ROOT, "%.1f %siB", bytes / Math.pow(1024, exp), "KMGTPE".charAt(exp - 1));
    }

    /** Used fraction (0..1) of the disk holding {@code dir}, or -1 when unknown. */
    private static String diskRatio(Path dir) {
        try {
            return Double.toString(DiskUsage.of(dir).usedPercent() / 100.0);
        } catch (IOException e) {
            return "-1";
        }
    }

    private static String capacity(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return null;
        }
        try {
            var fs = Files.getFileStore(p);
            return "Total : " + humanReadableBytes(fs.getTotalSpace()) + ", Free : "
                    + humanReadableBytes(fs.getUsableSpace()) + ".";
        } catch (IOException e) {
            return null;
        }
    }
}
