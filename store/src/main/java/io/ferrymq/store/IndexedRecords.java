package io.ferrymq.store;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.message.RecordStatus;
import java.nio.ByteBuffer;
import java.util.Map;

/** Checks an index candidate against its record: the query path's guard against collisions. */
final class IndexedRecords {

    private IndexedRecords() {
    }

    /**
     * True when {@code record} (a slice starting at the record) is a valid record (CRC included) at
     * {@code physicalOffset} of {@code topic}, stored in {@code [begin, end]}, with {@code key} among its
     * KEYS or as its UNIQ_KEY.
     */
    static boolean matches(ByteBuffer record, long physicalOffset, byte[] topic, String key, long begin, long end) {
        if (MessageRecord.check(record, 0, record.limit(), true) != RecordStatus.VALID
                || MessageRecord.physicalOffset(record, 0) != physicalOffset
                || !MessageRecord.topicEquals(record, 0, topic)) {
            return false;
        }
        long ts = MessageRecord.storeTimestamp(record, 0);
        if (ts < begin || ts > end) {
            return false;
        }
        int lengthAt = MessageRecord.propertiesLengthPosition(record, 0);
        Map<String, String> props = MessageProperties.decode(record, lengthAt + 2, record.getShort(lengthAt));
        if (key.equals(props.get(MessageConst.UNIQ_KEY))) {
            return true;
        }
        String keys = props.get(MessageConst.KEYS);
        if (keys != null) {
            for (String k : keys.split(MessageConst.KEY_SEPARATOR)) {
                if (k.equals(key)) {
                    return true;
                }
            }
        }
        return false;
    }
}
