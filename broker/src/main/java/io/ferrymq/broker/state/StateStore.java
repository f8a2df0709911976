package io.ferrymq.broker.state;

import java.io.IOException;

/**
 * Where one piece of broker metadata (topic configs, consumer offsets, delay progress) is kept
 * between runs: the broker keeps them in RocksDB ({@link BrokerMetadata}); {@link JsonFileStateStore}
 * reads RocketMQ-shaped JSON files (imports, tests).
 *
 * @param <T> the snapshot type
 */
public interface StateStore<T> {

    /** The last saved snapshot, or null when nothing was saved yet. */
    T load() throws IOException;

    /** Replaces the saved snapshot atomically: after a crash either the old or the new one is found. */
    void save(T snapshot) throws IOException;
}
