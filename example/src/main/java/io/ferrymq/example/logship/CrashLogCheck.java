package io.ferrymq.example.logship;

import io.ferrymq.example.check.Check;
import io.ferrymq.example.scenario.ServiceProcess;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * The crash scenario's check on log shipping: the process that died on purpose is gone, yet its last log
 * line is in the broker, found by the process's key in {@code ServiceLogs}.
 */
public final class CrashLogCheck {
    /** What the order-service logs just before its simulated crash. */
    public static final String LAST_WORDS = "crashing before END_TRANSACTION";

    private CrashLogCheck() {
    }

    /**
     * Finds the crash's last words among the process's shipped lines and prints those lines. Other threads of
     * the process may have logged a line or two after it, before logging stopped; they are shipped too.
     */
    public static Check lastWords(String namesrv, ServiceProcess crashed, Instant since, Duration timeout,
                                  PrintStream out) throws Exception {
        String key = LogLine.instanceKey(crashed.name(), crashed.pid());
        String name = "the crashed " + crashed.name() + "'s last words reached the broker (key " + key
                + " in ServiceLogs)";
        try {
            List<LogLine> lines = ShippedLogs.awaitLine(namesrv, crashed.name(), crashed.pid(), since, LAST_WORDS,
                    timeout);
            out.printf("  ServiceLogs holds %d line(s) of the crashed %s (queried by key):%n", lines.size(), key);
            for (LogLine line : lines) {
                out.printf("    #%d %s%n", line.seq(), line.text());
            }
            return new Check(name, true, "");
        } catch (TimeoutException e) {
            return new Check(name, false, e.getMessage());
        }
    }
}
