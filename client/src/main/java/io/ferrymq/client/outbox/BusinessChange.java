package io.ferrymq.client.outbox;

import java.sql.Connection;

/**
 * The application's database change that goes with a message. It runs inside the outbox's database
 * transaction: use the given connection, and do not commit, roll back or close it.
 */
@FunctionalInterface
public interface BusinessChange {
    /** Applies the change through {@code connection}; throwing rolls back the change and the message. */
    void apply(Connection connection) throws Exception;
}
