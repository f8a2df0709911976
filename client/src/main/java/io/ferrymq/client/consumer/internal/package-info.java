/**
 * Not API: how the consumers pull, buffer, rebalance, dispatch to listeners and store offsets. Public
 * only because {@code io.ferrymq.client.consumer} uses it; it may change in any release.
 */
package io.ferrymq.client.consumer.internal;
