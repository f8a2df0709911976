package io.ferrymq.broker.stats;

import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The broker's message counters for {@code brokerStatus} and {@code consumerProgress}: messages stored
 * (counted as they become visible in a consume queue), messages handed to consumers (per group and
 * topic), pulls that found messages or not, and their rates over the last 10 s, 1 min and 10 min.
 *
 * <p>Counting is one {@link LongAdder} increment on the dispatch or pull thread; {@link #sample()}
 * runs every second on the housekeeping thread; readers are admin request threads.
 */
public final class BrokerStats {
    /** Sampling period of {@link #sample()}. */
    public static final long SAMPLE_MILLIS = 1_000;
    /** RocketMQ's tps windows: 10 s, 1 min, 10 min. */
    private static final long[] TPS_WINDOWS_MILLIS = {10_000, 60_000, 600_000};
    private static final int HISTORY = 601;
    private static final long GROUP_TPS_WINDOW_MILLIS = 60_000;
    private static final int GROUP_HISTORY = 61;

    private final InstantSource clock;
    private final ZoneId zone;
    private final long bootTimestamp;
    private final LongAdder put = new LongAdder();
    private final LongAdder transferred = new LongAdder();
    private final LongAdder pullsFound = new LongAdder();
    private final LongAdder pullsMissed = new LongAdder();
    private final RateWindow putRate = new RateWindow(HISTORY);
    private final RateWindow transferredRate = new RateWindow(HISTORY);
    private final RateWindow foundRate = new RateWindow(HISTORY);
    private final RateWindow missRate = new RateWindow(HISTORY);
    /** group -> topic -> counter: two lookups and no allocation per pull once both exist. */
    private final Map<String, Map<String, GroupCounter>> byGroupAndTopic = new ConcurrentHashMap<>();
    private volatile LocalDate day;
    private volatile DailyTotals daily = new DailyTotals(0, 0, 0, 0);

    /** Totals at the start of today and of yesterday (RocketMQ's "morning" figures). */
    public record DailyTotals(long putYesterdayMorning, long putTodayMorning, long getYesterdayMorning,
                              long getTodayMorning) {
    }

    private static final class GroupCounter {
        final LongAdder count = new LongAdder();
        final RateWindow rate = new RateWindow(GROUP_HISTORY);

        /** Starts from zero now, so the first pulls already show a rate. */
        GroupCounter(long nowMillis) {
            rate.sample(nowMillis, 0);
        }
    }

    public BrokerStats(InstantSource clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
        this.bootTimestamp = clock.millis();
        this.day = LocalDate.ofInstant(clock.instant(), zone);
        // every counter is zero at boot: rates are meaningful before the first periodic sample
        for (RateWindow w : new RateWindow[] {putRate, transferredRate, foundRate, missRate}) {
            w.sample(bootTimestamp, 0);
        }
    }

    /** A message became visible in a consume queue (dispatch thread). */
    public void onStored() {
        put.increment();
    }

    /** A pull of {@code group} on {@code topic} found {@code messages} messages (pull threads). */
    public void onPullFound(String group, String topic, int messages) {
        pullsFound.increment();
        transferred.add(messages);
        counter(group, topic).count.add(messages);
    }

    /** A pull found nothing (pull threads). */
    public void onPullMissed() {
        pullsMissed.increment();
    }

    /** Records one sample of every counter and rolls the daily totals over at midnight (housekeeping thread). */
    public void sample() {
        long now = clock.millis();
        putRate.sample(now, put.sum());
        transferredRate.sample(now, transferred.sum());
        foundRate.sample(now, pullsFound.sum());
        missRate.sample(now, pullsMissed.sum());
        byGroupAndTopic.values().forEach(topics -> topics.values().forEach(c -> c.rate.sample(now, c.count.sum())));
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        if (!today.equals(day)) {
            DailyTotals d = daily;
            daily = new DailyTotals(d.putTodayMorning(), put.sum(), d.getTodayMorning(), transferred.sum());
            day = today;
        }
    }

    public long bootTimestamp() {
        return bootTimestamp;
    }

    /** Messages stored since the broker started. */
    public long putTotal() {
        return put.sum();
    }

    /** Messages handed to consumers since the broker started. */
    public long transferredTotal() {
        return transferred.sum();
    }

    public DailyTotals daily() {
        return daily;
    }

    /** Messages stored per second over 10 s, 1 min and 10 min, space separated (RocketMQ's {@code putTps}). */
    public String putTps() {
        return tps(putRate, put.sum());
    }

    /** Messages handed to consumers per second (RocketMQ's {@code getTransferedTps}). */
    public String transferredTps() {
        return tps(transferredRate, transferred.sum());
    }

    public String pullFoundTps() {
        return tps(foundRate, pullsFound.sum());
    }

    public String pullMissTps() {
        return tps(missRate, pullsMissed.sum());
    }

    /** Pulls per second, found or not. */
    public String pullTotalTps() {
        long now = clock.millis();
        StringBuilder sb = new StringBuilder();
        for (long window : TPS_WINDOWS_MILLIS) {
            double total = foundRate.perSecond(now, pullsFound.sum(), window)
                    + missRate.perSecond(now, pullsMissed.sum(), window);
            sb.append(sb.length() == 0 ? "" : " ").append(round(total));
        }
        return sb.toString();
    }

    /** Messages per second {@code group} received from {@code topic} over the last minute. */
    public double groupGetTps(String group, String topic) {
        Map<String, GroupCounter> topics = byGroupAndTopic.get(group);
        GroupCounter c = topics == null ? null : topics.get(topic);
        return c == null ? 0 : c.rate.perSecond(clock.millis(), c.count.sum(), GROUP_TPS_WINDOW_MILLIS);
    }

    private String tps(RateWindow window, long total) {
        long now = clock.millis();
        StringBuilder sb = new StringBuilder();
        for (long w : TPS_WINDOWS_MILLIS) {
            sb.append(sb.length() == 0 ? "" : " ").append(round(window.perSecond(now, total, w)));
        }
        return sb.toString();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** Forgets a deleted group's counters. */
    public void forgetGroup(String group) {
        byGroupAndTopic.remove(group);
    }

    private GroupCounter counter(String group, String topic) {
        Map<String, GroupCounter> topics = byGroupAndTopic.get(group);
        if (topics == null) {
            topics = byGroupAndTopic.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
        }
        GroupCounter c = topics.get(topic);
        return c != null ? c : topics.computeIfAbsent(topic, t -> new GroupCounter(clock.millis()));
    }
}
