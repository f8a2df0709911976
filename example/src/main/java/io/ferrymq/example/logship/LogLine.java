package io.ferrymq.example.logship;

import io.ferrymq.common.message.Message;
import io.ferrymq.common.message.MessageExt;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One shipped log line and its shape on the {@code ServiceLogs} topic: the formatted line is the body, the
 * level is the tag, the keys are the service name and the service instance ({@code order-service@4242}), so
 * an operator can query one service's or one process's lines by key; {@code seq} numbers the lines of a
 * process (a gap is a dropped line).
 *
 * @param service  the service name, e.g. {@code order-service}
 * @param pid      the process the line comes from
 * @param seq      the line's number within its process, from 1
 * @param level    Logback level name: {@code INFO}, {@code WARN}, ...
 * @param logger   the logger's name
 * @param text     the formatted line, without its line break
 */
public record LogLine(String service, long pid, long seq, String level, String logger, String text) {
    static final String PID = "pid";
    static final String SEQ = "seq";
    static final String LOGGER = "logger";

    /** The key of one process's lines: {@code <service>@<pid>}. */
    public static String instanceKey(String service, long pid) {
        return service + "@" + pid;
    }

    public Message toMessage(String topic) {
        Message m = new Message(topic, text.getBytes(StandardCharsets.UTF_8));
        m.setTags(level);
        m.setKeys(List.of(service, instanceKey(service, pid)));
        m.putProperty(PID, Long.toString(pid));
        m.putProperty(SEQ, Long.toString(seq));
        m.putProperty(LOGGER, logger);
        return m;
    }

    /** The line a {@code ServiceLogs} message carries. */
    public static LogLine fromMessage(MessageExt m) {
        String keys = m.getKeys() == null ? "" : m.getKeys();
        String service = keys.contains(" ") ? keys.substring(0, keys.indexOf(' ')) : keys;
        return new LogLine(service, Long.parseLong(m.getProperty(PID)), Long.parseLong(m.getProperty(SEQ)),
                m.getTags(), m.getProperty(LOGGER), new String(m.getBody(), StandardCharsets.UTF_8));
    }
}
