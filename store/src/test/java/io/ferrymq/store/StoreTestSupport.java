package io.ferrymq.store;

import static org.junit.jupiter.api.Assertions.fail;

import io.ferrymq.common.message.MessageExt;
import io.ferrymq.store.config.StoreConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

final class StoreTestSupport {

    static final InetSocketAddress BORN = new InetSocketAddress("192.168.1.10", 54321);
    static final InetSocketAddress STORE = new InetSocketAddress("127.0.0.1", 10911);

    private StoreTestSupport() {
    }

    static StoreConfig config(Path root, String flushDiskType) {
        return config(root, flushDiskType, new Properties());
    }

    /** The small test settings, then {@code extra} on top. */
    static StoreConfig config(Path root, String flushDiskType, Properties extra) {
        Properties p = new Properties();
        p.setProperty("storePathRootDir", root.toString());
        p.setProperty("mapedFileSizeCommitLog", Integer.toString(64 * 1024));
        p.setProperty("mapedFileSizeConsumeQueue", Integer.toString(100 * 20));
        p.setProperty("flushDiskType", flushDiskType);
        p.setProperty("flushIntervalCommitLog", "10");
        p.setProperty("flushIntervalConsumeQueue", "10");
        p.setProperty("maxHashSlotNum", "64");
        p.setProperty("maxIndexNum", "1000");
        p.putAll(extra);
        return StoreConfig.from(p);
    }

    static MessageExt message(String topic, int queueId, String tags, String body) {
        MessageExt m = new MessageExt();
        m.setTopic(topic);
        m.setQueueId(queueId);
        m.setBody(body.getBytes(StandardCharsets.UTF_8));
        if (tags != null) {
            m.setTags(tags);
        }
        m.setKeys("key-" + body.hashCode());
        m.setBornHost(BORN);
        m.setStoreHost(STORE);
        m.setBornTimestamp(1_700_000_000_000L);
        return m;
    }

    /** Polls {@code condition} until it holds, failing after {@code timeout}. */
    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** A clock moved by hand. */
    static final class ManualClock implements InstantSource {
        final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public long millis() {
            return millis.get();
        }
    }
}
