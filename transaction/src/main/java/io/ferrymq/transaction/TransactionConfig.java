package io.ferrymq.transaction;

import java.util.Properties;

/**
 * Transaction settings, read once from RocketMQ's keys.
 *
 * @param timeoutMillis {@code transactionTimeOut}: a half message younger than this (by the broker's
 *                      store time) is not checked yet, unless it carries CHECK_IMMUNITY_TIME_IN_SECONDS
 * @param checkIntervalMillis {@code transactionCheckInterval}: the least time between two checks of one
 *                            transaction (the scan itself runs every {@code scanPeriodMillis})
 * @param checkMax {@code transactionCheckMax}: checks before a transaction is set aside as stuck
 * @param scanPeriodMillis {@code transactionScanPeriod} (FerryMQ): how often due checks are looked for
 * @param checksPerSecondPerGroup {@code transactionCheckRatePerGroup} (FerryMQ): check-back rate limit
 */
public record TransactionConfig(long timeoutMillis, long checkIntervalMillis, int checkMax, long scanPeriodMillis,
                                int checksPerSecondPerGroup) {

    public static final TransactionConfig DEFAULTS = new TransactionConfig(6_000, 30_000, 15, 100, 500);

    public TransactionConfig {
        if (timeoutMillis < 0 || checkIntervalMillis < 1 || checkMax < 1 || scanPeriodMillis < 1
                || checksPerSecondPerGroup < 1) {
            throw new IllegalArgumentException("transaction settings out of range: timeout=" + timeoutMillis
                    + " checkInterval=" + checkIntervalMillis + " checkMax=" + checkMax + " scanPeriod="
                    + scanPeriodMillis + " rate=" + checksPerSecondPerGroup);
        }
    }

    public static TransactionConfig from(Properties props) {
        return new TransactionConfig(
                longKey(props, "transactionTimeOut", DEFAULTS.timeoutMillis),
                longKey(props, "transactionCheckInterval", DEFAULTS.checkIntervalMillis),
                (int) longKey(props, "transactionCheckMax", DEFAULTS.checkMax),
                longKey(props, "transactionScanPeriod", DEFAULTS.scanPeriodMillis),
                (int) longKey(props, "transactionCheckRatePerGroup", DEFAULTS.checksPerSecondPerGroup));
    }

    private static long longKey(Properties props, String key, long defaultValue) {
        String value = props.getProperty(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config key '" + key + "' must be a whole number, got '" + value + "'");
        }
    }
}
