package io.ferrymq.broker.filter;

import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.util.Utf8;
import java.nio.ByteBuffer;

/**
 * Properties of one stored record, read in place: each lookup scans the record's properties bytes for
 * the name and decodes only that value. Not thread-safe; {@link #reset} it for the next record.
 */
public final class RecordProperties implements PropertyLookup {
    private ByteBuffer record;
    private int start;
    private int length;

    /** Points at the record starting at index 0 of {@code record} (a well-formed stored record). */
    public RecordProperties reset(ByteBuffer record) {
        this.record = record;
        int lengthPosition = MessageRecord.propertiesLengthPosition(record, 0);
        this.start = lengthPosition + 2;
        this.length = record.getShort(lengthPosition);
        return this;
    }

    @Override
    public String get(PropertyName name) {
        if (length <= 0) {
            return null;
        }
        long range = MessageProperties.find(record, start, length, name.utf8());
        if (range == MessageProperties.NOT_FOUND) {
            return null;
        }
        return Utf8.decode(record, MessageProperties.rangeOffset(range), MessageProperties.rangeLength(range));
    }
}
