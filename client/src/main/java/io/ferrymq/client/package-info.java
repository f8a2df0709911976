/**
 * FerryMQ's Java SDK: {@link io.ferrymq.client.ClientConfig} (name servers, timeouts, client identity),
 * {@link io.ferrymq.client.ClientException} (a call the servers did not carry out, with their response
 * code) and {@link io.ferrymq.client.MessageQueue}. Producers are in {@code producer}, consumers in
 * {@code consumer}, the transactional outbox in {@code outbox}, the admin client in {@code admin}.
 * Packages named {@code internal} are the implementation and may change in any release.
 */
package io.ferrymq.client;
