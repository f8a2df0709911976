package io.ferrymq.example.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * One service's own H2 database file. Opened in H2's auto-server mode so the scenario runner can read the
 * three databases while the services run; the auto server is bound to loopback.
 */
public final class Database {
    static {
        // H2's auto server otherwise announces (and binds) the machine's first network address.
        System.setProperty("h2.bindAddress", "127.0.0.1");
    }

    private final Path file;
    private final JdbcDataSource dataSource;

    private Database(Path file) {
        this.file = file;
        this.dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + file.toAbsolutePath() + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=10000");
        dataSource.setUser("sa");
        dataSource.setPassword("");
    }

    /** The database stored at {@code dir/name} (H2 adds its own file suffix). */
    public static Database open(Path dir, String name) {
        return new Database(dir.resolve(name));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    /** Runs DDL statements (each idempotent: {@code CREATE ... IF NOT EXISTS}). */
    public void ensureSchema(String... statements) throws SQLException {
        try (Connection c = connect(); var s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
