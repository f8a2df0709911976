package io.ferrymq.example.analytics;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Where the analytics database lives: unlike the other services' embedded files, it is a database server of
 * its own ({@link AnalyticsDatabaseServer}, an H2 TCP server on loopback), so it can be down while the
 * analytics-service runs, as a real database can.
 */
public final class AnalyticsDatabase {
    /** The database's name on its server (the file {@code analytics.mv.db} in the server's folder). */
    static final String NAME = "analytics";

    static {
        // H2's client otherwise retries a refused connection 16 times over about 1.2 s: a database that is
        // down should be reported at once, the broker does the retrying.
        System.setProperty("h2.socketConnectRetry", "0");
    }

    private AnalyticsDatabase() {
    }

    /** Connections to the server on {@code 127.0.0.1:port}; each fails at once while the server is down. */
    public static DataSource dataSource(int port) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:tcp://127.0.0.1:" + port + "/" + NAME);
        ds.setUser("sa");
        ds.setPassword("");
        return ds;
    }

    /** A loopback port nothing listens on right now, for the database server to take. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
