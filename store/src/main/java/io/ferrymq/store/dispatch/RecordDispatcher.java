package io.ferrymq.store.dispatch;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A consumer of every commit-log record besides the consume queues (the message index), called by
 * {@link ReputService} on the dispatch thread in log order, including records that get no
 * consume-queue unit. Must tolerate being offered a record again after a restart.
 */
@FunctionalInterface
public interface RecordDispatcher {

    /**
     * @param buf            the segment holding the record (absolute positions; do not keep it)
     * @param pos            position of the record in {@code buf}
     * @param physicalOffset commit-log offset of the record
     * @param size           TOTALSIZE of the record
     */
    void dispatch(ByteBuffer buf, int pos, long physicalOffset, int size) throws IOException;
}
