package io.ferrymq.client.consumer.idempotent;

import io.ferrymq.client.ClientException;

/**
 * The processed-keys table could not be created, read or written: check the DataSource (URL,
 * credentials, permissions to create the table, or create it yourself with the statement in
 * {@link ProcessedKeys#createStatement}). The message was not processed and will be delivered again.
 */
public class IdempotencyStoreException extends ClientException {
    public IdempotencyStoreException(String message, Throwable cause) {
        super(-1, message, cause);
    }
}
