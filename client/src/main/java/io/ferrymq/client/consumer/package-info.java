/**
 * Receiving: {@link io.ferrymq.client.consumer.PushConsumer} calls a listener (concurrent, batch or
 * orderly); {@link io.ferrymq.client.consumer.PullConsumer} returns messages when the application polls.
 * Both join a consumer group whose members split a topic's queues.
 */
package io.ferrymq.client.consumer;
