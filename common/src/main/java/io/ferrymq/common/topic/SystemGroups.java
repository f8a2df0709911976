package io.ferrymq.common.topic;

/** Names of producer and consumer groups with a fixed meaning (PROTOCOL.md §4.2). */
public final class SystemGroups {

    /** Prefix of the broker's internal consumer groups. */
    public static final String CID_RMQ_SYS_PREFIX = "CID_RMQ_SYS_";
    /** Internal consumer group that tracks half/op read progress. */
    public static final String CID_RMQ_SYS_TRANS = "CID_RMQ_SYS_TRANS";
    /** Every client's internal producer group. */
    public static final String CLIENT_INNER_PRODUCER = "CLIENT_INNER_PRODUCER";
    /** Reserved default producer group. */
    public static final String DEFAULT_PRODUCER = "DEFAULT_PRODUCER";
    /** Reserved default consumer group; clients refuse it as a group name. */
    public static final String DEFAULT_CONSUMER = "DEFAULT_CONSUMER";
    public static final String TOOLS_CONSUMER = "TOOLS_CONSUMER";
    public static final String SCHEDULE_CONSUMER = "SCHEDULE_CONSUMER";
    public static final String SELF_TEST_PRODUCER = "SELF_TEST_P_GROUP";
    public static final String SELF_TEST_CONSUMER = "SELF_TEST_C_GROUP";

    private SystemGroups() {
    }

    /** True for the broker's internal consumer groups ({@code CID_RMQ_SYS_*}). */
    public static boolean isSystemConsumerGroup(String group) {
        return group != null && group.startsWith(CID_RMQ_SYS_PREFIX);
    }
}
