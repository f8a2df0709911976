package io.ferrymq.client.consumer.idempotent;

import io.ferrymq.common.message.MessageExt;
import java.sql.Connection;

/**
 * The application's processing of a message, inside the database transaction that also records the
 * message as processed. Use {@code connection} for every write that must happen exactly once; do not
 * commit, roll back or close it. Throwing rolls everything back and the message is delivered again.
 */
@FunctionalInterface
public interface TransactionalHandler {
    /** Processes {@code message}, writing through {@code connection}. */
    void handle(MessageExt message, Connection connection) throws Exception;
}
