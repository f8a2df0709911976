/**
 * Exactly-once effects from at-least-once delivery: {@link
 * io.ferrymq.client.consumer.idempotent.IdempotentListener} records each message's key in the
 * application's database in the same transaction as the processing, and skips keys already recorded.
 */
package io.ferrymq.client.consumer.idempotent;
