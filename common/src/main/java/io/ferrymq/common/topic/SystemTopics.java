package io.ferrymq.common.topic;

import java.util.Set;

/** Names of the topics the broker itself uses, and the retry / dead-letter naming rules (PROTOCOL.md §4.2, §5.1). */
public final class SystemTopics {

    /** Template for auto-created topics. */
    public static final String AUTO_CREATE_TOPIC_KEY_TOPIC = "TBW102";
    /** Half (prepared) transactional messages. */
    public static final String TRANS_HALF_TOPIC = "RMQ_SYS_TRANS_HALF_TOPIC";
    /** Op records: the half messages that were committed or rolled back. */
    public static final String TRANS_OP_HALF_TOPIC = "RMQ_SYS_TRANS_OP_HALF_TOPIC";
    /** Half messages given up after too many check-backs. */
    public static final String TRANS_CHECK_MAX_TIME_TOPIC = "TRANS_CHECK_MAX_TIME_TOPIC";
    /** Delayed messages; queue = delay level - 1. */
    public static final String SCHEDULE_TOPIC = "SCHEDULE_TOPIC_XXXX";
    /** 5.x timer messages (arbitrary delivery times) waiting for their time; queue 0. */
    public static final String TIMER_TOPIC = "rmq_sys_wheel_timer";
    public static final String SELF_TEST_TOPIC = "SELF_TEST_TOPIC";
    public static final String BENCHMARK_TOPIC = "BenchmarkTest";
    public static final String OFFSET_MOVED_EVENT = "OFFSET_MOVED_EVENT";
    public static final String TRACE_TOPIC = "RMQ_SYS_TRACE_TOPIC";
    /** Any topic starting with this is a system topic. */
    public static final String SYSTEM_TOPIC_PREFIX = "rmq_sys_";

    /** Prefix of a consumer group's retry topic. */
    public static final String RETRY_GROUP_TOPIC_PREFIX = "%RETRY%";
    /** Prefix of a consumer group's dead-letter topic. */
    public static final String DLQ_GROUP_TOPIC_PREFIX = "%DLQ%";
    /** Suffix of a cluster's reply topic: {@code <cluster>_REPLY_TOPIC}. */
    public static final String REPLY_TOPIC_POSTFIX = "REPLY_TOPIC";

    /** The fixed system topics. */
    public static final Set<String> SYSTEM_TOPICS = Set.of(AUTO_CREATE_TOPIC_KEY_TOPIC, SCHEDULE_TOPIC,
            BENCHMARK_TOPIC, TRANS_HALF_TOPIC, TRACE_TOPIC, TRANS_OP_HALF_TOPIC, TRANS_CHECK_MAX_TIME_TOPIC,
            SELF_TEST_TOPIC, OFFSET_MOVED_EVENT);

    /** System topics producers may not send to. */
    public static final Set<String> NOT_ALLOWED_SEND_TOPICS = Set.of(SCHEDULE_TOPIC, TRANS_HALF_TOPIC,
            TRANS_OP_HALF_TOPIC, TRANS_CHECK_MAX_TIME_TOPIC, OFFSET_MOVED_EVENT, SELF_TEST_TOPIC);

    private SystemTopics() {
    }

    /** {@code %RETRY%<group>}. */
    public static String retryTopic(String consumerGroup) {
        return RETRY_GROUP_TOPIC_PREFIX + consumerGroup;
    }

    /** {@code %DLQ%<group>}. */
    public static String dlqTopic(String consumerGroup) {
        return DLQ_GROUP_TOPIC_PREFIX + consumerGroup;
    }

    /** {@code <cluster>_REPLY_TOPIC}. */
    public static String replyTopic(String clusterName) {
        return clusterName + "_" + REPLY_TOPIC_POSTFIX;
    }

    public static boolean isRetryTopic(String topic) {
        return topic != null && topic.startsWith(RETRY_GROUP_TOPIC_PREFIX);
    }

    public static boolean isDlqTopic(String topic) {
        return topic != null && topic.startsWith(DLQ_GROUP_TOPIC_PREFIX);
    }

    /** The consumer group of a retry or dead-letter topic, or null for any other topic. */
    public static String groupOf(String topic) {
        if (isRetryTopic(topic)) {
            return topic.substring(RETRY_GROUP_TOPIC_PREFIX.length());
        }
        if (isDlqTopic(topic)) {
            return topic.substring(DLQ_GROUP_TOPIC_PREFIX.length());
        }
        return null;
    }
}
