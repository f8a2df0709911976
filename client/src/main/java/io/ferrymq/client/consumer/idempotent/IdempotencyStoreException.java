package io.ferrymq.client.consumer.idempotent;

import io.ferrymq.client.ClientException;

/**
 * The processed-keys table could not be created, read or written: check the DataSource (URL,
 * credentials, permissions to create the table, or create it yourself with the statement in
 * {@link IdempotentListener#createTableStatement}). The message was not processed and will be delivered again.
 */
public class IdempotencyStoreException extends ClientException {
    /** A database failure of the processed-keys table; {@code cause} is the driver's exception. */
    public IdempotencyStoreException(String message, Throwable cause) {
        super(-1, message, cause);
    }
}
