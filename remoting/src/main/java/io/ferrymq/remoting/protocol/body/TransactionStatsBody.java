package io.ferrymq.remoting.protocol.body;

/**
 * Answer to TRANSACTION_STATS: gauges ({@code pending}, {@code stuck}) and counters since the broker
 * started.
 */
public record TransactionStatsBody(String brokerName, long pending, long stuck, long halves, long commits,
                                   long rollbacks, long checksSent, long setAside, long manual) {
}
