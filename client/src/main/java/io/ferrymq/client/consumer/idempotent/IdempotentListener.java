package io.ferrymq.client.consumer.idempotent;

import io.ferrymq.client.consumer.ConcurrentListener;
import io.ferrymq.client.consumer.ConsumeResult;
import io.ferrymq.client.consumer.OrderlyListener;
import io.ferrymq.common.message.MessageExt;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotent-consumer helper: wraps the application's {@link TransactionalHandler} so that each
 * message's effects happen once even when the message is delivered again (a producer retry, a rebalance,
 * a crash before the offset was committed). The message's key is recorded in a table of the
 * application's own database in the same transaction as the handler's writes; a delivery whose key is
 * already recorded is acknowledged without calling the handler.
 *
 * <pre>{@code
 * IdempotentListener listener = IdempotentListener.builder(dataSource, (message, connection) -> {
 *     try (PreparedStatement s = connection.prepareStatement("UPDATE stock SET reserved = reserved + 1 WHERE sku = ?")) {
 *         s.setString(1, message.getKeys());
 *         s.executeUpdate();
 *     }
 * }).build();
 * PushConsumer.builder("inventory").subscribe("OrderCreated", "*").listener(listener)...
 * }</pre>
 *
 * <p>Usable as a {@link ConcurrentListener} or an {@link OrderlyListener}, or directly with
 * {@link #process} (pull consumers). The key is the message id ({@code UNIQ_KEY}) unless
 * {@link Builder#key} says otherwise; a key function lets business duplicates (two messages, same order id)
 * count as one.
 */
public final class IdempotentListener implements ConcurrentListener, OrderlyListener {
    private static final Logger LOG = LoggerFactory.getLogger(IdempotentListener.class);

    /** What {@link #process} did with a message. */
    public enum Outcome {
        /** The handler ran and its transaction committed with the key. */
        PROCESSED,
        /** The key was already recorded: the handler was not called. */
        DUPLICATE
    }

    private final DataSource dataSource;
    private final TransactionalHandler handler;
    private final Function<MessageExt, String> key;
    private final ProcessedKeys keys;
    private final InstantSource clock;

    private IdempotentListener(Builder b) {
        this.dataSource = b.dataSource;
        this.handler = b.handler;
        this.key = b.key;
        this.keys = new ProcessedKeys(b.table, b.scope);
        this.clock = b.clock;
        if (b.createTable) {
            keys.createIfMissing(dataSource);
        }
    }

    /**
     * @param dataSource the application's database, where the handler writes
     * @param handler the processing, run in the transaction that records the key
     */
    public static Builder builder(DataSource dataSource, TransactionalHandler handler) {
        return new Builder(dataSource, handler);
    }

    /**
     * The {@code CREATE TABLE} statement of the processed-keys table {@code table}, for creating it by hand
     * (with {@link Builder#createTable createTable(false)}) where the application may not run DDL.
     *
     * @throws IllegalArgumentException when {@code table} is not a plain SQL identifier
     */
    public static String createTableStatement(String table) {
        return ProcessedKeys.createStatement(table);
    }

    /** {@link ConsumeResult#SUCCESS} for processed and duplicate messages; a failure propagates (redelivery). */
    @Override
    public ConsumeResult consume(MessageExt message) throws Exception {
        process(message);
        return ConsumeResult.SUCCESS;
    }

    /**
     * Runs the handler and records the key in one transaction, unless the key is already recorded.
     *
     * @throws IdempotencyStoreException when the database fails outside the handler
     * @throws Exception whatever the handler threw (after rollback)
     */
    public Outcome process(MessageExt message) throws Exception {
        String k = key.apply(message);
        if (k == null || k.isBlank()) {
            throw new IllegalArgumentException("message " + message.getMsgId() + " has no idempotency key; "
                    + "make the key function return a non-blank value for every message");
        }
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            throw new IdempotencyStoreException("no database connection for message " + message.getMsgId() + ": "
                    + e.getMessage(), e);
        }
        try (c) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                return processIn(c, message, k);
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private Outcome processIn(Connection c, MessageExt message, String k) throws Exception {
        boolean recorded;
        try {
            recorded = keys.record(c, k, clock.instant());
        } catch (SQLException e) {
            rollbackQuietly(c, e);
            throw new IdempotencyStoreException("recording key " + k + " of " + message.getMsgId() + " in "
                    + keys.table() + " failed: " + e.getMessage(), e);
        }
        if (!recorded) {
            c.rollback();
            LOG.debug("message {} with key {} already processed; acknowledged without the handler", message.getMsgId(), k);
            return Outcome.DUPLICATE;
        }
        try {
            handler.handle(message, c);
        } catch (Exception | Error e) {
            rollbackQuietly(c, e);
            throw e;
        }
        try {
            c.commit();
        } catch (SQLException e) {
            rollbackQuietly(c, e);
            throw new IdempotencyStoreException("commit of " + message.getMsgId() + " failed: " + e.getMessage(), e);
        }
        return Outcome.PROCESSED;
    }

    /** True when the key of {@code message} is recorded as processed. */
    public boolean isProcessed(MessageExt message) {
        return keys.contains(dataSource, key.apply(message));
    }

    /** Deletes keys recorded more than {@code age} ago (redeliveries older than that are no longer caught). */
    public int purgeOlderThan(Duration age) {
        return keys.purge(dataSource, clock.instant().minus(age));
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** Settings of an {@link IdempotentListener}. */
    public static final class Builder {
        private final DataSource dataSource;
        private final TransactionalHandler handler;
        private Function<MessageExt, String> key = MessageExt::getMsgId;
        private String table = "ferrymq_processed_message";
        private String scope = "default";
        private boolean createTable = true;
        private InstantSource clock = InstantSource.system();

        private Builder(DataSource dataSource, TransactionalHandler handler) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** The key that identifies a message's effect (default: the message id, {@code UNIQ_KEY}). */
        public Builder key(Function<MessageExt, String> key) {
            this.key = Objects.requireNonNull(key, "key");
            return this;
        }

        /** The processed-keys table (default {@code ferrymq_processed_message}). */
        public Builder table(String table) {
            this.table = Objects.requireNonNull(table, "table");
            return this;
        }

        /**
         * Separates the keys of several consumers sharing one table (default {@code "default"}); use the
         * consumer group when several groups process the same messages into one database.
         */
        public Builder scope(String scope) {
            if (scope == null || scope.isBlank() || scope.length() > 128) {
                throw new IllegalArgumentException("scope must be 1..128 characters");
            }
            this.scope = scope;
            return this;
        }

        /** Whether {@link #build()} creates the table when missing (default true). */
        public Builder createTable(boolean create) {
            this.createTable = create;
            return this;
        }

        /** The clock stamping {@code consumed_at} (tests). */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** @throws IdempotencyStoreException when the table is missing and cannot be created */
        public IdempotentListener build() {
            return new IdempotentListener(this);
        }
    }
}
