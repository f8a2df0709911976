package io.ferrymq.client.admin;

import io.ferrymq.common.PermName;

/**
 * How a topic is set up on each broker of a cluster (UPDATE_AND_CREATE_TOPIC).
 *
 * @param perm permission bits: 4 read, 2 write (6 = normal topic)
 * @param order whether producers must keep per-queue order (informational for the broker)
 */
public record TopicSettings(String topic, int readQueueNums, int writeQueueNums, int perm, boolean order) {
    /** @throws IllegalArgumentException for queue numbers outside [0, 1024] or unknown permission bits */
    public TopicSettings {
        if (readQueueNums < 0 || writeQueueNums < 0 || readQueueNums > 1024 || writeQueueNums > 1024) {
            throw new IllegalArgumentException("queue numbers must be in [0, 1024], got read " + readQueueNums
                    + " write " + writeQueueNums);
        }
        if ((perm & ~(PermName.PERM_PRIORITY | PermName.PERM_READ_WRITE | PermName.PERM_INHERIT)) != 0) {
            throw new IllegalArgumentException("perm must combine 8 (priority), 4 (read), 2 (write), 1 (inherit); got " + perm);
        }
    }

    /** A readable and writable topic with {@code queueNums} queues per broker. */
    public static TopicSettings of(String topic, int queueNums) {
        return new TopicSettings(topic, queueNums, queueNums, PermName.PERM_READ_WRITE, false);
    }
}
