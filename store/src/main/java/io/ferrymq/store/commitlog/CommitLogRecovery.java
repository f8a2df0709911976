package io.ferrymq.store.commitlog;

import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.message.RecordStatus;
import io.ferrymq.store.file.MappedFile;
import io.ferrymq.store.file.MappedFileQueue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the end of a commit log after a restart: segments before the trusted offset are full;
 * from it, records are checked one by one (structure, body CRC, PHYSICALOFFSET equal to their
 * position) until the first empty, torn or corrupt one, where the log is cut. Everything after the
 * cut, including later segments, is removed: it was never acknowledged as durable, or follows a
 * corruption that makes the rest unreachable.
 */
final class CommitLogRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(CommitLogRecovery.class);

    private CommitLogRecovery() {
    }

    static long recover(MappedFileQueue files, long trustedOffset) throws IOException {
        List<MappedFile> segments = files.segments();
        if (segments.isEmpty()) {
            return 0;
        }
        int fileSize = files.fileSize();
        long first = segments.get(0).fileFromOffset();
        long lastEnd = segments.get(segments.size() - 1).fileFromOffset() + fileSize;
        long offset = Math.max(first, Math.min(trustedOffset, lastEnd));
        long end = scan(files, offset, fileSize);
        files.truncateDirty(end);
        files.setFlushedOffset(end);
        LOG.info("commit log recovered: checked from {} to {}, {} segments", offset, end, files.segments().size());
        return end;
    }

    private static long scan(MappedFileQueue files, long from, int fileSize) {
        long offset = from;
        while (true) {
            MappedFile mf = files.findByOffset(offset);
            if (mf == null) {
                return offset;
            }
            ByteBuffer buf = mf.buffer();
            int pos = (int) (offset - mf.fileFromOffset());
            while (true) {
                RecordStatus status = pos < fileSize ? MessageRecord.check(buf, pos, fileSize, true) : RecordStatus.BLANK;
                if (status == RecordStatus.VALID) {
                    long recorded = MessageRecord.physicalOffset(buf, pos);
                    if (recorded != mf.fileFromOffset() + pos) {
                        LOG.warn("commit log record at {} claims offset {}: stale data, log cut here",
                                mf.fileFromOffset() + pos, recorded);
                        return mf.fileFromOffset() + pos;
                    }
                    pos += MessageRecord.totalSize(buf, pos);
                } else if (status == RecordStatus.BLANK) {
                    offset = mf.fileFromOffset() + fileSize;
                    break;
                } else if (status == RecordStatus.EMPTY) {
                    return mf.fileFromOffset() + pos;
                } else {
                    LOG.warn("commit log record at {} is {}: torn or corrupt, log cut here (later records dropped)",
                            mf.fileFromOffset() + pos, status);
                    return mf.fileFromOffset() + pos;
                }
            }
        }
    }
}
