package io.ferrymq.tools.command;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Timestamps as RocketMQ's admin tables print them, in the local time zone. */
final class Times {
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter INPUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'#'HH:mm:ss:SSS");

    private Times() {
    }

    /** {@code 2024-05-01 12:00:00,123}, or empty for 0. */
    static String withMillis(long epochMillis) {
        return epochMillis <= 0 ? "" : MILLIS.format(Instant.ofEpochMilli(epochMillis).atZone(ZoneId.systemDefault()));
    }

    /**
     * A point in time as RocketMQ's admin commands take it: {@code now}, epoch milliseconds, or
     * {@code yyyy-MM-dd#HH:mm:ss:SSS} in the local time zone.
     */
    static long parse(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("now")) {
            return System.currentTimeMillis();
        }
        if (t.matches("-?\\d+")) {
            return Long.parseLong(t);
        }
        try {
            return LocalDateTime.parse(t, INPUT).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("a time must be now, epoch milliseconds or yyyy-MM-dd#HH:mm:ss:SSS, got "
                    + text);
        }
    }

    /** {@code 2024-05-01 12:00:00}, or {@code N/A} for 0. */
    static String seconds(long epochMillis) {
        return epochMillis <= 0 ? "N/A" : SECONDS.format(Instant.ofEpochMilli(epochMillis).atZone(ZoneId.systemDefault()));
    }
}
