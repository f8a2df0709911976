package io.ferrymq.bench.interop;

import java.time.Duration;

/**
 * What an interop run talks to and how long it waits.
 *
 * @param namesrv name server address(es)
 * @param cluster the cluster topics are created in
 * @param run a suffix making this run's topic and group names unique, so runs against one broker never mix
 * @param timeout how long to wait for a delivery, a registration or an index
 * @param checkBackTimeout how long to wait for a transaction check-back (the broker's transactionTimeOut
 *     plus its check interval)
 */
public record InteropSettings(String namesrv, String cluster, String run, Duration timeout, Duration checkBackTimeout) {
    /** A topic or group name of this run. */
    public String name(String base) {
        return base + "_" + run;
    }
}
