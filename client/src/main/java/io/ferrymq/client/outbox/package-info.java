/**
 * {@link io.ferrymq.client.outbox.TransactionalOutbox}: a message and a JDBC change that happen together
 * or not at all, with check-backs answered from an outbox table instead of application code.
 */
package io.ferrymq.client.outbox;
