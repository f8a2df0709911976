package io.ferrymq.store.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's checkpoint: how far the commit log is known durable and how far dispatch (consume
 * queues and index) is known durable, so recovery validates and re-dispatches only what follows.
 *
 * <p>The file holds two 64-byte slots written alternately; each carries a sequence number and a CRC,
 * so a torn write damages at most the slot being written and {@link #load} falls back to the other.
 *
 * <pre>
 * slot (64 bytes, big-endian), slot i at byte i * 64
 *  0   4  magic 0x46434B50 ("FCKP")
 *  4   4  version (1)
 *  8   8  sequence number (the higher valid slot wins)
 * 16   8  commit-log flushed offset
 * 24   8  dispatched offset (consume queues and index flushed up to this commit-log offset)
 * 32   8  store timestamp of the last flushed commit-log record (ms, 0 = unknown)
 * 40   8  store timestamp of the last dispatched record (ms, 0 = unknown)
 * 48  12  reserved (zero)
 * 60   4  CRC32 of bytes 0..59
 * </pre>
 *
 * <p>Threads: one writer (the flush agent that owns the consume queues); {@link #load} at start.
 */
public final class StoreCheckpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreCheckpoint.class);

    public static final int MAGIC = 0x46434B50;
    public static final int VERSION = 1;
    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = MAGIC_OFFSET + 4;
    public static final int SEQUENCE_OFFSET = VERSION_OFFSET + 4;
    public static final int COMMIT_LOG_FLUSHED_OFFSET = SEQUENCE_OFFSET + 8;
    public static final int DISPATCHED_OFFSET = COMMIT_LOG_FLUSHED_OFFSET + 8;
    public static final int COMMIT_LOG_TIMESTAMP_OFFSET = DISPATCHED_OFFSET + 8;
    public static final int DISPATCHED_TIMESTAMP_OFFSET = COMMIT_LOG_TIMESTAMP_OFFSET + 8;
    public static final int CRC_OFFSET = 60;
    public static final int SLOT_SIZE = CRC_OFFSET + 4;

    /** The values of one checkpoint. */
    public record Values(long commitLogFlushedOffset, long dispatchedOffset, long commitLogTimestamp,
                         long dispatchedTimestamp) {
        public static final Values EMPTY = new Values(0, 0, 0, 0);
    }

    private final FileChannel channel;
    private final ByteBuffer slot = ByteBuffer.allocate(SLOT_SIZE);
    private long sequence;
    private Values last = Values.EMPTY;

    private StoreCheckpoint(FileChannel channel) {
        this.channel = channel;
    }

    /** Opens (creating when missing) the checkpoint file and reads its newest valid slot. */
    public static StoreCheckpoint open(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        StoreCheckpoint cp = new StoreCheckpoint(ch);
        try {
            cp.load();
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return cp;
    }

    private void load() throws IOException {
        long bestSeq = -1;
        for (int i = 0; i < 2; i++) {
            ByteBuffer b = ByteBuffer.allocate(SLOT_SIZE);
            int read = 0;
            while (b.hasRemaining()) {
                int n = channel.read(b, (long) i * SLOT_SIZE + b.position());
                if (n < 0) {
                    break;
                }
                read += n;
            }
            if (read < SLOT_SIZE) {
                continue;
            }
            if (b.getInt(MAGIC_OFFSET) != MAGIC || b.getInt(VERSION_OFFSET) != VERSION
                    || b.getInt(CRC_OFFSET) != crc(b)) {
                if (read > 0 && b.getInt(MAGIC_OFFSET) != 0) {
                    LOG.warn("checkpoint slot {} is damaged (torn write?); using the other one", i);
                }
                continue;
            }
            long seq = b.getLong(SEQUENCE_OFFSET);
            if (seq > bestSeq) {
                bestSeq = seq;
                last = new Values(b.getLong(COMMIT_LOG_FLUSHED_OFFSET), b.getLong(DISPATCHED_OFFSET),
                        b.getLong(COMMIT_LOG_TIMESTAMP_OFFSET), b.getLong(DISPATCHED_TIMESTAMP_OFFSET));
            }
        }
        sequence = Math.max(bestSeq, 0);
    }

    private static int crc(ByteBuffer b) {
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, CRC_OFFSET);
        return (int) crc.getValue();
    }

    /** The newest values written or loaded ({@link Values#EMPTY} for a new store). */
    public Values values() {
        return last;
    }

    /** Writes {@code values} into the older slot and forces it to disk. */
    public void write(Values values) throws IOException {
        long seq = sequence + 1;
        slot.clear();
        slot.putInt(MAGIC_OFFSET, MAGIC);
        slot.putInt(VERSION_OFFSET, VERSION);
        slot.putLong(SEQUENCE_OFFSET, seq);
        slot.putLong(COMMIT_LOG_FLUSHED_OFFSET, values.commitLogFlushedOffset());
        slot.putLong(DISPATCHED_OFFSET, values.dispatchedOffset());
        slot.putLong(COMMIT_LOG_TIMESTAMP_OFFSET, values.commitLogTimestamp());
        slot.putLong(DISPATCHED_TIMESTAMP_OFFSET, values.dispatchedTimestamp());
        for (int i = DISPATCHED_TIMESTAMP_OFFSET + 8; i < CRC_OFFSET; i++) {
            slot.put(i, (byte) 0);
        }
        slot.putInt(CRC_OFFSET, crc(slot));
        long position = (seq & 1) * SLOT_SIZE;
        while (slot.hasRemaining()) {
            channel.write(slot, position + slot.position());
        }
        channel.force(false);
        sequence = seq;
        last = values;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
