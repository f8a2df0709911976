package io.ferrymq.bench.interop;

import io.ferrymq.common.message.MessageExt;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Messages a consumer received, by their keys; waits for expected keys with a deadline. */
public final class Inbox {
    private final Map<String, List<MessageExt>> byKey = new ConcurrentHashMap<>();

    /** Called from consumer threads. */
    public void add(MessageExt message) {
        String keys = message.getKeys() == null ? "" : message.getKeys();
        byKey.computeIfAbsent(keys, k -> new CopyOnWriteArrayList<>()).add(message);
    }

    public void addAll(Collection<MessageExt> messages) {
        messages.forEach(this::add);
    }

    /** The deliveries of the message with these keys (redeliveries included), oldest first. */
    public List<MessageExt> get(String keys) {
        return byKey.getOrDefault(keys, List.of());
    }

    public boolean has(String keys) {
        return !get(keys).isEmpty();
    }

    /** Waits until every key was received, polling every 50 ms; the keys still missing when time ran out. */
    public List<String> await(Collection<String> keys, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> missing = new ArrayList<>();
            for (String k : keys) {
                if (!has(k)) {
                    missing.add(k);
                }
            }
            if (missing.isEmpty() || System.nanoTime() - deadline >= 0) {
                return missing;
            }
            Thread.sleep(50);
        }
    }
}
