package io.ferrymq.client.outbox;

import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.producer.LocalTransactionState;
import io.ferrymq.client.producer.MessageView;
import io.ferrymq.client.producer.TransactionListener;
import io.ferrymq.client.producer.TransactionProducer;
import io.ferrymq.client.producer.TransactionSendResult;
import io.ferrymq.common.message.Message;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A message and a database change that happen together or not at all, with no check-back code to
 * write: the outbox table is the record of which transactions committed. It is created if missing,
 * in portable SQL (default name {@code ferry_outbox}):
 *
 * <pre>
 * CREATE TABLE ferry_outbox (
 *   tx_id      VARCHAR(128) NOT NULL PRIMARY KEY, -- the message's unique id (UNIQ_KEY) = its transaction id
 *   topic      VARCHAR(127) NOT NULL,
 *   state      VARCHAR(16)  NOT NULL,             -- COMMITTED
 *   created_at TIMESTAMP    NOT NULL              -- the outbox's clock at insert; used by cleanup
 * );
 * CREATE INDEX ferry_outbox_created_at ON ferry_outbox (created_at);
 * </pre>
 *
 * <p>{@link #send} stores a half message, then in one database transaction runs the business change
 * and inserts the message's row, commits, and sends END_TRANSACTION commit. If the business change
 * throws, the database transaction rolls back and the message is rolled back: it is never delivered.
 * A broker's check-back (the commit was lost, or the process died between the database commit and
 * END_TRANSACTION) is answered from the table by this or any other process of the producer group:
 * row present → commit; absent and the half message older than the grace period → rollback;
 * otherwise unknown (ask again later).
 *
 * <p>The grace period must be longer than the longest business transaction plus the clock skew
 * between producer hosts: a transaction still running when its grace period ends would be rolled back.
 * A check-back that reaches the process still running the transaction is answered unknown.
 *
 * <pre>{@code
 * try (TransactionalOutbox outbox = TransactionalOutbox.builder(dataSource)
 *         .namesrvAddr("127.0.0.1:9876").producerGroup("order-service").topics("OrderCreated").build()) {
 *     outbox.send(new Message("OrderCreated", "new", "order-42", body), conn -> {
 *         try (PreparedStatement ps = conn.prepareStatement("INSERT INTO orders (id) VALUES (?)")) {
 *             ps.setLong(1, 42);
 *             ps.executeUpdate();
 *         }
 *     });
 * }
 * }</pre>
 */
public final class TransactionalOutbox implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalOutbox.class);

    private final DataSource dataSource;
    private final OutboxTable table;
    private final Duration gracePeriod;
    private final InstantSource clock;
    private final Runnable afterDatabaseCommit;
    /** Transactions this process is running now: a check-back for them is answered unknown. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final TransactionProducer producer;

    private TransactionalOutbox(Builder b) {
        this.dataSource = Objects.requireNonNull(b.dataSource, "dataSource");
        this.table = new OutboxTable(b.table);
        this.gracePeriod = b.gracePeriod;
        this.clock = b.clock;
        this.afterDatabaseCommit = b.afterDatabaseCommit;
        if (b.group == null) {
            throw new IllegalArgumentException("producerGroup is required: check-backs go to a live producer of it");
        }
        try {
            table.ensureExists(dataSource);
        } catch (SQLException e) {
            throw new OutboxException("cannot create outbox table " + table.name() + ": " + e.getMessage(), e);
        }
        TransactionProducer.Builder producerBuilder = TransactionProducer.builder(b.group)
                .config(Objects.requireNonNull(b.config, "set namesrvAddr or a ClientConfig"))
                .listener(new TableListener())
                .topics(b.topics);
        this.producer = producerBuilder.build();
    }

    /** A builder for an outbox on {@code dataSource}, the database of the business changes. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /**
     * Sends {@code message} if and only if {@code change} commits. Returns when the database committed
     * and END_TRANSACTION was sent.
     *
     * @throws OutboxException when the change or the database failed; {@link OutboxException#state()}
     *     tells whether the message was rolled back or is left to the check-back
     * @throws io.ferrymq.client.ClientException when the half message could not be stored; nothing ran
     */
    public TransactionSendResult send(Message message, BusinessChange change) {
        Objects.requireNonNull(change, "business change");
        Attempt attempt = new Attempt(change);
        TransactionSendResult result = producer.send(message, attempt);
        if (attempt.failure != null) {
            String what = result.state() == LocalTransactionState.ROLLBACK
                    ? "business change of message " + result.msgId() + " failed; database and message rolled back"
                    : "database commit of message " + result.msgId() + " failed; its outcome is unknown until the"
                    + " broker's check-back reads the outbox table";
            throw new OutboxException(what + ": " + attempt.failure, attempt.failure, result);
        }
        return result;
    }

    /**
     * Deletes rows older than {@code days} days. Keep rows longer than the brokers keep half messages
     * (fileReservedTime, 3 days by default): a check-back finding no row would roll back.
     *
     * @return the number of rows deleted
     */
    public int deleteRowsOlderThan(int days) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be >= 1, got " + days);
        }
        try {
            return table.deleteCreatedBefore(dataSource, clock.instant().minus(Duration.ofDays(days)));
        } catch (SQLException e) {
            throw new OutboxException("cleanup of outbox table " + table.name() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }

    /** One send's business change, and what went wrong with it (set on the sending thread). */
    private static final class Attempt {
        final BusinessChange change;
        Exception failure;

        Attempt(BusinessChange change) {
            this.change = change;
        }
    }

    /** The transaction listener nobody has to write: the outbox table decides. */
    private final class TableListener implements TransactionListener {
        @Override
        public LocalTransactionState execute(Message msg, Object arg) {
            Attempt attempt = (Attempt) arg;
            String txId = msg.getUniqKey();
            running.add(txId);
            try {
                return runInDatabase(msg, attempt);
            } finally {
                running.remove(txId);
            }
        }

        @Override
        public LocalTransactionState check(MessageView msg) throws SQLException {
            String txId = msg.transactionId();
            if (txId == null || running.contains(txId)) {
                return LocalTransactionState.UNKNOWN;
            }
            if (table.isCommitted(dataSource, txId)) {
                return LocalTransactionState.COMMIT;
            }
            boolean pastGrace = clock.millis() - msg.bornTimestamp() > gracePeriod.toMillis();
            LOG.debug("check of {}: no outbox row, {}", txId, pastGrace ? "rolling back" : "within grace period");
            return pastGrace ? LocalTransactionState.ROLLBACK : LocalTransactionState.UNKNOWN;
        }
    }

    private LocalTransactionState runInDatabase(Message msg, Attempt attempt) {
        Connection conn;
        try {
            conn = dataSource.getConnection();
        } catch (SQLException e) {
            attempt.failure = e;
            return LocalTransactionState.ROLLBACK;
        }
        try {
            return runInTransaction(conn, msg, attempt);
        } finally {
            try {
                conn.close();
            } catch (SQLException e) {
                LOG.warn("closing the outbox's database connection failed", e);
            }
        }
    }

    private LocalTransactionState runInTransaction(Connection conn, Message msg, Attempt attempt) {
        boolean autoCommit = true;
        try {
            autoCommit = conn.getAutoCommit();
            conn.setAutoCommit(false);
            attempt.change.apply(conn);
            table.insertCommitted(conn, msg.getUniqKey(), msg.getTopic(), clock.instant());
        } catch (Exception e) {
            rollbackQuietly(conn, autoCommit);
            attempt.failure = e;
            return LocalTransactionState.ROLLBACK;
        } catch (Error e) {
            rollbackQuietly(conn, autoCommit);
            throw e;
        }
        try {
            conn.commit();
        } catch (SQLException e) {
            // the commit may or may not have reached the database: the check-back reads the table
            attempt.failure = e;
            return LocalTransactionState.UNKNOWN;
        }
        restoreAutoCommit(conn, autoCommit);
        afterDatabaseCommit.run();
        return LocalTransactionState.COMMIT;
    }

    private static void rollbackQuietly(Connection conn, boolean autoCommit) {
        try {
            conn.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback of the outbox transaction failed; closing the connection discards it", e);
        }
        restoreAutoCommit(conn, autoCommit);
    }

    private static void restoreAutoCommit(Connection conn, boolean autoCommit) {
        try {
            conn.setAutoCommit(autoCommit);
        } catch (SQLException e) {
            LOG.debug("restoring autoCommit failed: {}", e.getMessage());
        }
    }

    /** Settings of an outbox; a name server address (or client config) and the producer group are required. */
    public static final class Builder {
        private final DataSource dataSource;
        private ClientConfig config;
        private String group;
        private String table = "ferry_outbox";
        private Duration gracePeriod = Duration.ofMinutes(2);
        private InstantSource clock = InstantSource.system();
        private String[] topics = new String[0];
        private Runnable afterDatabaseCommit = () -> { };

        private Builder(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        /** Name server address(es), {@code host:port;host:port}. */
        public Builder namesrvAddr(String namesrvAddr) {
            this.config = ClientConfig.builder().namesrvAddr(namesrvAddr).build();
            return this;
        }

        /** Client settings (name servers, timeouts). */
        public Builder clientConfig(ClientConfig config) {
            this.config = config;
            return this;
        }

        /** The transactional producer group; every process sharing the table should use the same one. */
        public Builder producerGroup(String group) {
            this.group = group;
            return this;
        }

        /** Outbox table name, {@code [schema.]name} (default {@code ferry_outbox}). */
        public Builder table(String table) {
            this.table = table;
            return this;
        }

        /**
         * How long after its half message a transaction without a row may still commit (default 2 min);
         * after it, a check-back rolls it back.
         */
        public Builder gracePeriod(Duration gracePeriod) {
            if (gracePeriod == null || gracePeriod.isNegative()) {
                throw new IllegalArgumentException("grace period must be >= 0, got " + gracePeriod);
            }
            this.gracePeriod = gracePeriod;
            return this;
        }

        /** The clock of row times, the grace period and cleanup (default: system clock). */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Topics sent through this outbox, so a restarted process answers their check-backs at once. */
        public Builder topics(String... topics) {
            this.topics = topics.clone();
            return this;
        }

        /**
         * Runs after each database commit and before END_TRANSACTION, on the sending thread: a place for
         * metrics, or for a failure drill that stops the process exactly where a crash hurts most (the
         * check-back then completes the transaction from the outbox table). An exception thrown there
         * ends the send as a crash would: nothing more is sent for that transaction.
         */
        public Builder afterDatabaseCommit(Runnable hook) {
            this.afterDatabaseCommit = Objects.requireNonNull(hook);
            return this;
        }

        /**
         * Creates the outbox table if missing and starts the transactional producer.
         *
         * @throws OutboxException when the table cannot be created
         */
        public TransactionalOutbox build() {
            return new TransactionalOutbox(this);
        }
    }
}
