package io.ferrymq.store.dispatch;

/**
 * Told by the dispatcher, on its thread, that a message became visible in a consume queue (the hook
 * for long-polling pulls). Must be quick and must not block.
 */
@FunctionalInterface
public interface ArrivalListener {

    ArrivalListener NONE = (topic, queueId, queueOffset, tagsCode) -> { };

    void arrived(String topic, int queueId, long queueOffset, long tagsCode);
}
