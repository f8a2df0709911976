package io.ferrymq.broker;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * When each phase of a broker's start-up ended (wall clock, so that a script can line the phases up
 * with the exec time of the process and the first send a client got through). Marked from the
 * starting thread and the registrar thread; {@link #describe()} gives the one log line
 * {@code bench/startup-probe} reads.
 */
public final class StartupTimeline {
    private final InstantSource clock;
    private final Map<String, Long> marks = new LinkedHashMap<>();

    public StartupTimeline(InstantSource clock) {
        this.clock = clock;
    }

    /** Records that {@code phase} ended now. */
    public void mark(String phase) {
        mark(phase, clock.millis());
    }

    /** Records that {@code phase} ended at {@code epochMillis}. */
    public synchronized void mark(String phase, long epochMillis) {
        marks.put(phase, epochMillis);
    }

    /** The instant {@code phase} ended, or -1 when it has not. */
    public synchronized long get(String phase) {
        Long at = marks.get(phase);
        return at == null ? -1 : at;
    }

    /**
     * {@code startup timeline (epoch ms): main=... logging=... (N ms from main: main→logging a, ...)}:
     * the phases in the order they were first marked, then how long each took.
     */
    public synchronized String describe() {
        StringJoiner instants = new StringJoiner(" ");
        StringJoiner durations = new StringJoiner(", ");
        long first = -1;
        long previous = -1;
        String previousName = null;
        for (Map.Entry<String, Long> e : marks.entrySet()) {
            long at = e.getValue();
            instants.add(e.getKey() + "=" + at);
            if (previousName == null) {
                first = at;
            } else {
                durations.add(e.getKey() + " +" + (at - previous));
            }
            previous = at;
            previousName = e.getKey();
        }
        return "startup timeline (epoch ms): " + instants + " (" + (previous - first) + " ms in all: " + durations
                + ")";
    }
}
