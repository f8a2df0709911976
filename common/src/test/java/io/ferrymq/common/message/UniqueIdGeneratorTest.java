package io.ferrymq.common.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.rocketmq.common.message.MessageClientIDSetter;
import org.junit.jupiter.api.Test;

/** UNIQ_KEY layout, checked with the official {@code MessageClientIDSetter} parsers. */
class UniqueIdGeneratorTest {

    private static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void layoutIsIpPidLoaderTimeCounter() throws Exception {
        long may3 = ZonedDateTime.of(2025, 5, 3, 10, 0, 0, 0, UTC).toInstant().toEpochMilli();
        long may1 = ZonedDateTime.of(2025, 5, 1, 0, 0, 0, 0, UTC).toInstant().toEpochMilli();
        UniqueIdGenerator generator = new UniqueIdGenerator(InetAddress.getByName("192.168.1.10"), 0x12345,
                0xCAFEBABE, () -> may3, UTC);
        String first = generator.next();
        String second = generator.next();
        assertEquals(32, first.length());
        assertEquals(32, generator.idLength());
        String millis = String.format("%08X", may3 - may1);
        assertEquals("C0A8010A" + "2345" + "CAFEBABE" + millis + "0000", first);
        assertEquals("C0A8010A" + "2345" + "CAFEBABE" + millis + "0001", second);

        assertEquals("192.168.1.10", MessageClientIDSetter.getIPStrFromID(first));
        assertEquals(0x2345, MessageClientIDSetter.getPidFromID(first));
    }

    @Test
    void officialParserRecoversTheTimestamp() throws Exception {
        // The official parser works relative to the current month in the default zone, and reads an
        // id whose time is not before its own "now" as last month's: stamp the id a second ago.
        long now = System.currentTimeMillis() - 1000;
        UniqueIdGenerator generator = new UniqueIdGenerator(InetAddress.getByName("10.1.2.3"), 77, 5,
                () -> now, ZoneId.systemDefault());
        assertEquals(now, MessageClientIDSetter.getNearlyTimeFromID(generator.next()).getTime());
    }

    @Test
    void monthRollsOverAndCounterWraps() throws Exception {
        long june30 = ZonedDateTime.of(2025, 6, 30, 23, 59, 59, 999_000_000, UTC).toInstant().toEpochMilli();
        AtomicLong clock = new AtomicLong(june30);
        UniqueIdGenerator generator = new UniqueIdGenerator(InetAddress.getByName("::1"), 1, 2, clock::get, UTC);
        String lastOfJune = generator.next();
        assertEquals(56, lastOfJune.length());
        assertEquals(String.format("%08X", 29L * 86_400_000 + 86_399_999), lastOfJune.substring(44, 52));
        clock.addAndGet(1);
        assertEquals("00000000", generator.next().substring(44, 52), "July starts at 0");
        for (int i = 2; i < 65_536; i++) {
            generator.next();
        }
        assertEquals("0000", generator.next().substring(52), "counter wraps after 65536 ids");
    }

    @Test
    void concurrentCallersGetDistinctIds() throws Exception {
        long fixed = 1_700_000_000_000L;
        UniqueIdGenerator generator = new UniqueIdGenerator(InetAddress.getByName("10.0.0.1"), 1, 1,
                () -> fixed, UTC);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        ids.add(generator.next());
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(40_000, ids.size());
    }

    @Test
    void defaultGeneratorWorks() {
        UniqueIdGenerator generator = UniqueIdGenerator.createDefault();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String id = generator.next();
            assertTrue(io.ferrymq.common.util.Hex.isHex(id) && id.equals(id.toUpperCase()), id);
            ids.add(id);
        }
        assertEquals(100, ids.size());
        assertNotEquals(0, generator.idLength());
    }
}
