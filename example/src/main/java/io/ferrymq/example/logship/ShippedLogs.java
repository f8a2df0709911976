package io.ferrymq.example.logship;

import io.ferrymq.example.Poll;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.example.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * Reads shipped log lines back from the broker, as an operator would ({@code mqadmin queryMsgByKey}):
 * one process's lines by its instance key, in the order it logged them.
 */
public final class ShippedLogs {
    /** At most this many lines per broker answer a key query: enough for a process that died early. */
    private static final int MAX_LINES = 32;

    private ShippedLogs() {
    }

    /** The lines the broker holds for process {@code pid} of {@code service}, shipped since {@code since}. */
    public static List<LogLine> ofProcess(AdminClient admin, String service, long pid, Instant since) {
        List<LogLine> lines = new ArrayList<>();
        for (MessageExt m : admin.queryByKey(Topics.SERVICE_LOGS, LogLine.instanceKey(service, pid), MAX_LINES,
                since.toEpochMilli(), Long.MAX_VALUE)) {
            lines.add(LogLine.fromMessage(m));
        }
        lines.sort(Comparator.comparingLong(LogLine::seq));
        return lines;
    }

    /**
     * Waits until a shipped line of the process contains {@code text}: the broker indexes keys shortly after
     * storing a message, so the line may take a moment to be found.
     *
     * @return the process's lines, in the order it logged them
     * @throws TimeoutException when no such line was found in time (the lines found are in the message)
     */
    public static List<LogLine> awaitLine(String namesrv, String service, long pid, Instant since, String text,
                                          Duration timeout) throws Exception {
        List<List<LogLine>> found = new ArrayList<>(List.of(List.of()));
        try (AdminClient admin = AdminClient.create(namesrv)) {
            Poll.until(timeout, Duration.ofMillis(200), () -> {
                try {
                    found.set(0, ofProcess(admin, service, pid, since));
                } catch (ClientException e) {
                    found.set(0, List.of()); // e.g. the topic not routed yet: ask again
                }
                return found.get(0).stream().anyMatch(l -> l.text().contains(text));
            }, () -> {
                List<LogLine> lines = found.get(0);
                return "no shipped line of " + LogLine.instanceKey(service, pid) + " contains '" + text
                        + "'; found " + lines.size() + " line(s)"
                        + (lines.isEmpty() ? "" : ", the last: " + lines.get(lines.size() - 1).text());
            });
            return found.get(0);
        }
    }
}
