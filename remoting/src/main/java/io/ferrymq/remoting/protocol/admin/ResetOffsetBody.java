package io.ferrymq.remoting.protocol.admin;

import java.util.HashMap;
import java.util.Map;

/**
 * Body of INVOKE_BROKER_TO_RESET_OFFSET's answer (222) and of RESET_CONSUMER_CLIENT_OFFSET (220, to the
 * group's clients): the offset each queue was reset to.
 */
public class ResetOffsetBody {
    private Map<MessageQueueKey, Long> offsetTable = new HashMap<>();

    public ResetOffsetBody() {
    }

    public ResetOffsetBody(Map<MessageQueueKey, Long> offsetTable) {
        this.offsetTable = offsetTable;
    }

    /**
     * Where a reset puts one queue: {@code target}, unless it is not forced and would move the queue forward
     * past the {@code committed} offset ({@code -1}: none), which then stays.
     */
    public static long resetTo(long target, long committed, boolean force) {
        return force || committed < 0 || target < committed ? target : committed;
    }

    public Map<MessageQueueKey, Long> getOffsetTable() {
        return offsetTable;
    }

    public void setOffsetTable(Map<MessageQueueKey, Long> offsetTable) {
        this.offsetTable = offsetTable;
    }
}
