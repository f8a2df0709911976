package io.ferrymq.broker.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BrokerStatsTest {
    private final AtomicLong now = new AtomicLong(Instant.parse("2024-05-01T23:59:00Z").toEpochMilli());
    private final InstantSource clock = () -> Instant.ofEpochMilli(now.get());
    private final BrokerStats stats = new BrokerStats(clock, ZoneOffset.UTC);

    private void advanceSeconds(int seconds) {
        for (int i = 0; i < seconds; i++) {
            now.addAndGet(1000);
            stats.sample();
        }
    }

    @Test
    void ratesCoverTheLastTenSecondsMinuteAndTenMinutes() {
        // 100 messages a second for 60 s, then nothing for 10 s
        for (int s = 0; s < 60; s++) {
            for (int i = 0; i < 100; i++) {
                stats.onStored();
            }
            advanceSeconds(1);
        }
        assertEquals("100.0 100.0 100.0", stats.putTps());
        advanceSeconds(10);
        String[] tps = stats.putTps().split(" ");
        assertEquals(0.0, Double.parseDouble(tps[0]));
        assertEquals(100.0 * 50 / 60, Double.parseDouble(tps[1]), 0.01);
        assertEquals(6000.0 / 70, Double.parseDouble(tps[2]), 0.01);
        assertEquals(6000, stats.putTotal());
    }

    @Test
    void aRateIsShownBeforeTheFirstSample() {
        now.addAndGet(500);
        for (int i = 0; i < 10; i++) {
            stats.onStored();
        }
        assertEquals("20.0 20.0 20.0", stats.putTps());
    }

    @Test
    void groupRatesAndTransferredTotals() {
        stats.onPullFound("g1", "t", 30);
        stats.onPullFound("g2", "t", 5);
        stats.onPullMissed();
        advanceSeconds(2);
        stats.onPullFound("g1", "t", 30);
        now.addAndGet(1000);
        assertEquals(20.0, stats.groupGetTps("g1", "t"), 0.001);
        assertEquals(0.0, stats.groupGetTps("g1", "other"));
        assertEquals(65, stats.transferredTotal());
        stats.forgetGroup("g1");
        assertEquals(0.0, stats.groupGetTps("g1", "t"));
    }

    @Test
    void dailyTotalsRollOverAtMidnight() {
        for (int i = 0; i < 7; i++) {
            stats.onStored();
        }
        stats.onPullFound("g", "t", 3);
        advanceSeconds(61);
        assertEquals(new BrokerStats.DailyTotals(0, 7, 0, 3), stats.daily());
        stats.onStored();
        advanceSeconds(86_400);
        assertEquals(new BrokerStats.DailyTotals(7, 8, 3, 3), stats.daily());
    }

    @Test
    void runtimeAndSizeTexts() {
        assertEquals("[ 1 days, 2 hours, 3 minutes, 4 seconds ]",
                RuntimeInfo.runtime(86_400_000L + 2 * 3_600_000L + 3 * 60_000L + 4_000L));
        assertEquals("512 B", RuntimeInfo.humanReadableBytes(512));
        assertEquals("1.5 KiB", RuntimeInfo.humanReadableBytes(1536));
        assertEquals("2.0 GiB", RuntimeInfo.humanReadableBytes(2L << 30));
    }
}
