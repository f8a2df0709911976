package io.ferrymq.tools.command;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Timestamps as RocketMQ's admin tables print them, in the local time zone. */
final class Times {
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Times() {
    }

    /** {@code 2024-05-01 12:00:00,123}, or empty for 0. */
    static String withMillis(long epochMillis) {
        return epochMillis <= 0 ? "" : MILLIS.format(Instant.ofEpochMilli(epochMillis).atZone(ZoneId.systemDefault()));
    }

    /** {@code 2024-05-01 12:00:00}, or {@code N/A} for 0. */
    static String seconds(long epochMillis) {
        return epochMillis <= 0 ? "N/A" : SECONDS.format(Instant.ofEpochMilli(epochMillis).atZone(ZoneId.systemDefault()));
    }
}
