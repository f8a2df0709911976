package io.ferrymq.example.analytics;

import io.ferrymq.common.util.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.h2.tools.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The analytics database server: serves {@code <folder>/analytics} on {@code 127.0.0.1:<port>} until
 * stopped. Usage: {@code AnalyticsDatabaseServer <folder> <port>}.
 */
public final class AnalyticsDatabaseServer {
    private static final Logger LOG = LoggerFactory.getLogger(AnalyticsDatabaseServer.class);

    private AnalyticsDatabaseServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: AnalyticsDatabaseServer <folder> <port>");
            System.exit(2);
        }
        System.setProperty("h2.bindAddress", "127.0.0.1"); // loopback only
        Path dir = Files.createDirectories(Path.of(args[0]).toAbsolutePath());
        int port = Integer.parseInt(args[1]);
        // The database exists before clients come: the server creates none on a client's request.
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve(AnalyticsDatabase.NAME),
                "sa", "")) {
            LOG.info("analytics database {} ready", c.getMetaData().getURL());
        }
        Server server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-baseDir", dir.toString())
                .start();
        LOG.info("analytics database served on 127.0.0.1:{}", server.getPort());
        ServerProcess.awaitShutdown("analytics-db-shutdown", server::stop);
    }
}
