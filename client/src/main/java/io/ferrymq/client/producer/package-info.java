/**
 * Sending: {@link io.ferrymq.client.producer.Producer} (sync, async, oneway) and
 * {@link io.ferrymq.client.producer.TransactionProducer} (half message, local transaction, commit or
 * rollback, check-backs answered by a {@link io.ferrymq.client.producer.TransactionListener}).
 */
package io.ferrymq.client.producer;
