package io.ferrymq.client.consumer.internal;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Offsets of a clustering group, kept by the broker (QUERY / UPDATE_CONSUMER_OFFSET). */
public final class RemoteOffsetStore implements OffsetStore {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteOffsetStore.class);

    private final ConsumerBrokerApi api;
    private final Map<MessageQueue, Long> offsets = new ConcurrentHashMap<>();
    private final Map<MessageQueue, Long> persisted = new ConcurrentHashMap<>();

    /** Offsets of the group of {@code api}, committed to the brokers. */
    public RemoteOffsetStore(ConsumerBrokerApi api) {
        this.api = api;
    }

    @Override
    public long readStored(MessageQueue queue) {
        long offset = api.committedOffset(queue);
        if (offset >= 0) {
            offsets.put(queue, offset);
            persisted.put(queue, offset);
        }
        return offset;
    }

    @Override
    public long readMemory(MessageQueue queue) {
        return offsets.getOrDefault(queue, -1L);
    }

    @Override
    public void update(MessageQueue queue, long offset, boolean increaseOnly) {
        if (offset < 0) {
            return;
        }
        offsets.merge(queue, offset, (old, now) -> increaseOnly ? Math.max(old, now) : now);
    }

    @Override
    public void persistAll(Collection<MessageQueue> owned) {
        for (MessageQueue q : owned) {
            Long offset = offsets.get(q);
            if (offset == null || offset.equals(persisted.get(q))) {
                continue;
            }
            try {
                api.commitOffset(q, offset, true);
                persisted.put(q, offset);
            } catch (ClientException e) {
                LOG.debug("periodic offset commit of {} failed: {}", q, e.getMessage());
            }
        }
    }

    @Override
    public void persist(MessageQueue queue) {
        Long offset = offsets.get(queue);
        if (offset == null) {
            return;
        }
        try {
            api.commitOffset(queue, offset, false);
            persisted.put(queue, offset);
        } catch (ClientException e) {
            LOG.warn("offset commit of {} at {} failed ({}); its next owner may see some messages again", queue,
                    offset, e.getMessage());
        }
    }

    @Override
    public void remove(MessageQueue queue) {
        offsets.remove(queue);
        persisted.remove(queue);
    }
}
