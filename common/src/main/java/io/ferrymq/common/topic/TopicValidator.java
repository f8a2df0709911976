package io.ferrymq.common.topic;

/**
 * Validation of topic and group names (PROTOCOL.md §5.5): characters {@code a-z A-Z 0-9 % - _ |},
 * not empty, topics at most 127 characters, groups at most 255. Bad input is an expected outcome,
 * reported as a {@link NameCheck}, never as an exception.
 */
public final class TopicValidator {

    public static final int TOPIC_MAX_LENGTH = 127;
    public static final int GROUP_MAX_LENGTH = 255;

    private static final boolean[] VALID_CHARS = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            VALID_CHARS[c] = true;
        }
        for (char c = 'A'; c <= 'Z'; c++) {
            VALID_CHARS[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            VALID_CHARS[c] = true;
        }
        VALID_CHARS['%'] = true;
        VALID_CHARS['-'] = true;
        VALID_CHARS['_'] = true;
        VALID_CHARS['|'] = true;
    }

    private TopicValidator() {
    }

    public static NameCheck validateTopic(String topic) {
        return validate("topic", topic, TOPIC_MAX_LENGTH);
    }

    public static NameCheck validateGroup(String group) {
        return validate("group", group, GROUP_MAX_LENGTH);
    }

    /** True when {@code c} may appear in a topic or group name. */
    public static boolean isValidChar(char c) {
        return c < VALID_CHARS.length && VALID_CHARS[c];
    }

    /** True for the fixed system topics and any {@code rmq_sys_*} topic. */
    public static boolean isSystemTopic(String topic) {
        return topic != null && (SystemTopics.SYSTEM_TOPICS.contains(topic)
                || topic.startsWith(SystemTopics.SYSTEM_TOPIC_PREFIX));
    }

    /** True for system topics that producers may not send to. */
    public static boolean isNotAllowedSendTopic(String topic) {
        return SystemTopics.NOT_ALLOWED_SEND_TOPICS.contains(topic);
    }

    private static NameCheck validate(String kind, String name, int maxLength) {
        if (name == null || name.isEmpty()) {
            return NameCheck.invalid("the " + kind + " name is empty");
        }
        if (name.length() > maxLength) {
            return NameCheck.invalid("the " + kind + " name is " + name.length() + " characters long; at most "
                    + maxLength + " are allowed");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isValidChar(c)) {
                return NameCheck.invalid("the " + kind + " name '" + name + "' contains '" + c + "' (U+"
                        + String.format("%04X", (int) c) + ") at index " + i
                        + "; only a-z A-Z 0-9 % - _ | are allowed");
            }
        }
        return NameCheck.OK;
    }
}
