package io.ferrymq.broker.transaction;

import io.ferrymq.broker.offset.ConsumerOffsetManager;
import io.ferrymq.common.topic.SystemGroups;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.transaction.ProgressStore;

/**
 * Check-scan progress kept as consumer offsets of {@code CID_RMQ_SYS_TRANS}, as RocketMQ does: "half"
 * on the half topic, "stuck" on the check-max topic, anything else ("op") on the op topic.
 */
public final class OffsetProgressStore implements ProgressStore {
    private final ConsumerOffsetManager offsets;

    public OffsetProgressStore(ConsumerOffsetManager offsets) {
        this.offsets = offsets;
    }

    @Override
    public long load(String key) {
        return offsets.query(SystemGroups.CID_RMQ_SYS_TRANS, topicOf(key), 0);
    }

    @Override
    public void save(String key, long value) {
        offsets.commit(SystemGroups.CID_RMQ_SYS_TRANS, topicOf(key), 0, value);
    }

    private static String topicOf(String key) {
        return switch (key) {
            case "half" -> SystemTopics.TRANS_HALF_TOPIC;
            case "stuck" -> SystemTopics.TRANS_CHECK_MAX_TIME_TOPIC;
            default -> SystemTopics.TRANS_OP_HALF_TOPIC;
        };
    }
}
