/**
 * {@link io.ferrymq.client.admin.AdminClient}: topics, clusters, routes, message lookups, queue offsets
 * and consumer progress, against FerryMQ or RocketMQ name servers and brokers.
 */
package io.ferrymq.client.admin;
