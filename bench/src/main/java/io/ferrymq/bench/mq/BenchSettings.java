package io.ferrymq.bench.mq;

import java.time.Duration;

/**
 * What one MQBench run was asked to do, parsed once from the command line.
 *
 * @param namesrv      name server {@code host:port} (any RocketMQ-protocol server)
 * @param topic        topic to load; created with {@code queues} queues when the cluster lacks it
 * @param queues       queues per broker when the topic is created here
 * @param group        producer group, and the consumer group's prefix
 * @param threads      load threads (sending threads for produce and tx)
 * @param size         message body bytes
 * @param duration     bound of the measured phase
 * @param maxMsgs      bound of the measured phase in messages (transactions for tx)
 * @param backlog      messages preloaded before a consume run
 * @param rate         messages per second of an e2e run
 * @param txTimeout    the broker's transactionTimeOut, for the check-back measurement of a tx run
 * @param checkBackWait longest wait for the first check-back of a tx run (zero: skip that measurement)
 * @param unknownRatio tx: fraction of transactions answered UNKNOW first and resolved by check-back
 * @param warmup       e2e, tx: time under load before the measured phase (not counted)
 * @param warmupDrains consume: drains of the backlog by throwaway groups before the measured ones
 * @param drains       consume: measured drains, each by a new group; the figure is their median rate
 * @param json         print one JSON line instead of the text summary
 */
public record BenchSettings(String namesrv, String topic, int queues, String group, int threads, int size,
                            Duration duration, long maxMsgs, long backlog, int rate, Duration txTimeout,
                            Duration checkBackWait, double unknownRatio, Duration warmup, int warmupDrains, int drains,
                            boolean json) {

    public BenchSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1");
        }
        if (size < 16) {
            throw new IllegalArgumentException("--size must be at least 16 bytes (the e2e timestamp lives in the body)");
        }
        if (queues < 1) {
            throw new IllegalArgumentException("--queues must be at least 1");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive");
        }
        if (maxMsgs < 1) {
            throw new IllegalArgumentException("--max-msgs must be at least 1");
        }
        if (backlog < 0) {
            throw new IllegalArgumentException("--backlog must not be negative");
        }
        if (!(unknownRatio >= 0 && unknownRatio <= 1)) {
            throw new IllegalArgumentException("--unknown-ratio must be between 0 and 1");
        }
        if (warmup.isNegative() || warmupDrains < 0) {
            throw new IllegalArgumentException("--warmup and --warmup-drains must not be negative");
        }
        if (drains < 1) {
            throw new IllegalArgumentException("--drains must be at least 1");
        }
        if (rate < 1) {
            throw new IllegalArgumentException("--rate must be at least 1");
        }
    }
}
