package io.ferrymq.client.outbox;

import java.sql.Connection;

/**
 * The application's database change that goes with a message. It runs inside the outbox's database
 * transaction: use the given connection, and do not commit, roll back or close it.
 */
@FunctionalInterface
public interface BusinessChange {
    void apply(Connection connection) throws Exception;
}
