package io.ferrymq.bench.mq;

/** One MQBench mode: drives the servers while a {@link LoadMeter} counts, and returns what it measured. */
public interface Workload {

    /** The mode name on the command line. */
    String name();

    /** What one counted unit is ("msgs", "tx"). */
    default String unit() {
        return "msgs";
    }

    /** What the latency histogram holds, for the summary. */
    String latencyLabel();

    /**
     * Runs the measured phase within the meter's bounds (duration and count); setup (topic creation,
     * preloading) happens before {@link LoadMeter#start()}.
     */
    Report run(BenchSettings settings, LoadMeter meter) throws Exception;

    /** A mode whose client side does not exist yet: the run fails with exit code 2, no numbers. */
    final class NotAvailableException extends Exception {
        public NotAvailableException(String message) {
            super(message);
        }
    }
}
