package io.ferrymq.client.consumer.internal;

import io.ferrymq.client.MessageQueue;
import java.util.Collection;

/**
 * A consumer's "next offset to consume" per queue: kept in memory as messages are consumed, written out
 * periodically and when a queue is given up. Implementations are thread-safe.
 */
public interface OffsetStore {
    /** The committed offset (broker or file), -1 when there is none; throws when it cannot be read. */
    long readStored(MessageQueue queue);

    /** The in-memory offset, -1 when there is none. */
    long readMemory(MessageQueue queue);

    /** Records progress; with {@code increaseOnly} an older offset never replaces a newer one. */
    void update(MessageQueue queue, long offset, boolean increaseOnly);

    /** Writes out the offsets of {@code owned} that changed (periodic; failures are logged, not thrown). */
    void persistAll(Collection<MessageQueue> owned);

    /** Writes out one queue's offset and waits (queue handed over, shutdown); failures are logged. */
    void persist(MessageQueue queue);

    /** Forgets a queue given up. */
    void remove(MessageQueue queue);
}
