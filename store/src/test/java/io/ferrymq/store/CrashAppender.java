package io.ferrymq.store;

import io.ferrymq.common.message.MessageExt;
import io.ferrymq.store.commitlog.PutStatus;
import io.ferrymq.store.config.StoreConfig;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.zip.CRC32;

/**
 * Child process of {@link CrashRecoveryIT}: appends messages to a store as fast as it can, forever,
 * and prints {@code ACK <queueId> <queueOffset> <physicalOffset> <bodyCrc> <seq>} on stdout for each
 * put the store acknowledged, until it is killed.
 */
public final class CrashAppender {

    static final String TOPIC = "CrashTopic";
    static final int QUEUES = 4;
    private static final int IN_FLIGHT = 32;

    private CrashAppender() {
    }

    /** The settings shared by the child and the verifying test. */
    static StoreConfig config(Path root, String flushDiskType) {
        Properties p = new Properties();
        p.setProperty("storePathRootDir", root.toString());
        p.setProperty("mapedFileSizeCommitLog", Integer.toString(256 * 1024));
        p.setProperty("mapedFileSizeConsumeQueue", Integer.toString(500 * 20));
        p.setProperty("flushDiskType", flushDiskType);
        p.setProperty("flushIntervalCommitLog", "20");
        p.setProperty("flushIntervalConsumeQueue", "50");
        p.setProperty("maxHashSlotNum", "1024");
        p.setProperty("maxIndexNum", "4096");
        return StoreConfig.from(p);
    }

    /** Body of message {@code seq}: its sequence number, then 40..2000 bytes derived from it. */
    static byte[] body(long seq) {
        SplittableRandom random = new SplittableRandom(seq * 0x9E3779B97F4A7C15L);
        byte[] body = new byte[8 + 40 + random.nextInt(1961)];
        ByteBuffer.wrap(body).putLong(seq);
        for (int i = 8; i < body.length; i++) {
            body[i] = (byte) random.nextInt(256);
        }
        return body;
    }

    static long crc(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return crc.getValue();
    }

    public static void main(String[] args) throws Exception {
        Path root = Paths.get(args[0]);
        MessageStore store = new MessageStore(config(root, args[1]));
        store.start();
        PrintStream out = System.out;
        Semaphore window = new Semaphore(IN_FLIGHT);
        for (long seq = 0; ; seq++) {
            window.acquire();
            byte[] body = body(seq);
            MessageExt m = StoreTestSupport.message(TOPIC, (int) (seq % QUEUES), "TagA", "");
            m.setBody(body);
            m.setKeys("seq-" + seq);
            long s = seq;
            store.putMessage(m).whenComplete((r, e) -> {
                window.release();
                if (r != null && r.status() == PutStatus.PUT_OK) {
                    String line = "ACK " + (s % QUEUES) + ' ' + r.queueOffset() + ' ' + r.physicalOffset() + ' '
                            + crc(body) + ' ' + s;
                    synchronized (out) {
                        out.println(line);
                        out.flush();
                    }
                }
            });
        }
    }
}
