package io.ferrymq.common.message;

import io.ferrymq.common.util.Hex;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Enumeration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Generates {@code UNIQ_KEY} values, the client message ids (PROTOCOL.md §3.6). Thread-safe.
 *
 * <pre>
 *   | client IP (4 or 16) | pid low 16 bits (2) | class loader hash (4) | ms since month start (4) | counter (2) |
 *   '------------------ fixed per generator ------------------'  '---------- per id ----------'
 *   16 bytes (IPv4) or 28 bytes (IPv6), written as 32 or 56 uppercase hex characters
 * </pre>
 *
 * The month starts at 00:00 on day 1 in the generator's time zone; the counter wraps at 65536.
 */
public final class UniqueIdGenerator {

    private final char[] prefix;
    private final LongSupplier clock;
    private final ZoneId zone;
    private final AtomicInteger counter = new AtomicInteger();
    private volatile MonthWindow month;

    /**
     * @param clientIp the client address written in every id
     * @param pid process id; its low 16 bits are used
     * @param classLoaderHash distinguishes several clients in one process
     * @param clock epoch milliseconds
     * @param zone time zone that decides where months start
     */
    public UniqueIdGenerator(InetAddress clientIp, long pid, int classLoaderHash, LongSupplier clock, ZoneId zone) {
        byte[] ip = clientIp.getAddress();
        this.prefix = new char[(ip.length + 6) * 2];
        int pos = 0;
        for (byte b : ip) {
            pos = Hex.writeByte(prefix, pos, b);
        }
        pos = Hex.writeShort(prefix, pos, (int) pid);
        Hex.writeInt(prefix, pos, classLoaderHash);
        this.clock = clock;
        this.zone = zone;
        this.month = MonthWindow.containing(clock.getAsLong(), zone);
    }

    /** A generator for this process: a local IP, its pid, this class's loader, the system clock and zone. */
    public static UniqueIdGenerator createDefault() {
        ClassLoader loader = UniqueIdGenerator.class.getClassLoader();
        return new UniqueIdGenerator(localAddress(), ProcessHandle.current().pid(),
                loader == null ? 0 : loader.hashCode(), System::currentTimeMillis, ZoneId.systemDefault());
    }

    /** A new id. */
    public String next() {
        long now = clock.getAsLong();
        MonthWindow window = month;
        if (now < window.start || now >= window.end) {
            window = MonthWindow.containing(now, zone);
            month = window;
        }
        char[] id = new char[prefix.length + 12];
        System.arraycopy(prefix, 0, id, 0, prefix.length);
        int pos = Hex.writeInt(id, prefix.length, (int) (now - window.start));
        Hex.writeShort(id, pos, counter.getAndIncrement());
        return new String(id);
    }

    /** Length of the ids of this generator: 32 for an IPv4 client, 56 for IPv6. */
    public int idLength() {
        return prefix.length + 12;
    }

    /** A non-loopback IPv4 address of this host, preferring site-local ones; loopback when none. */
    static InetAddress localAddress() {
        InetAddress fallback = null;
        try {
            Enumeration<NetworkInterface> interfaces = NetworkInterface.getNetworkInterfaces();
            while (interfaces != null && interfaces.hasMoreElements()) {
                Enumeration<InetAddress> addresses = interfaces.nextElement().getInetAddresses();
                while (addresses.hasMoreElements()) {
                    InetAddress address = addresses.nextElement();
                    if (!(address instanceof Inet4Address) || address.isLoopbackAddress()
                            || address.isLinkLocalAddress()) {
                        continue;
                    }
                    if (address.isSiteLocalAddress()) {
                        return address;
                    }
                    if (fallback == null) {
                        fallback = address;
                    }
                }
            }
        } catch (SocketException e) {
            // no interface list: fall through to loopback
        }
        return fallback != null ? fallback : InetAddress.getLoopbackAddress();
    }

    /** Epoch-ms bounds of one calendar month. */
    private static final class MonthWindow {
        final long start;
        final long end;

        private MonthWindow(long start, long end) {
            this.start = start;
            this.end = end;
        }

        static MonthWindow containing(long epochMillis, ZoneId zone) {
            ZonedDateTime first = Instant.ofEpochMilli(epochMillis).atZone(zone)
                    .withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS);
            return new MonthWindow(first.toInstant().toEpochMilli(), first.plusMonths(1).toInstant().toEpochMilli());
        }
    }
}
