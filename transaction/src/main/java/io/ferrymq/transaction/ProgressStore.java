package io.ferrymq.transaction;

/**
 * Where the check scan keeps its progress (the broker backs it with consumer offsets of
 * {@code CID_RMQ_SYS_TRANS}). Values must survive restarts; -1 means "never saved".
 */
public interface ProgressStore {
    long load(String key);

    void save(String key, long value);
}
