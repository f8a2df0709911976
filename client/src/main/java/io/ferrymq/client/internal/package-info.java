/**
 * Not API: the client instance (connections, routes, heartbeats, requests from brokers) shared by the
 * producers and consumers of a process. Public only because the API packages and FerryMQ's own tools
 * use it; it may change in any release. Applications use {@code ClientConfig} and the builders instead.
 */
package io.ferrymq.client.internal;
