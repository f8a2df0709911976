package io.ferrymq.client.consumer.internal;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offsets of a broadcasting consumer, kept in a JSON file of its own
 * ({@code {"offsets":[{"topic","brokerName","queueId","offset"}]}}), replaced atomically on each write
 * so a crash leaves the previous version.
 */
public final class LocalFileOffsetStore implements OffsetStore {
    private static final Logger LOG = LoggerFactory.getLogger(LocalFileOffsetStore.class);

    private final Path file;
    private final Map<MessageQueue, Long> offsets = new ConcurrentHashMap<>();
    private final Map<MessageQueue, Long> stored = new ConcurrentHashMap<>();
    /** The last write failed: write again next time even if nothing changed. */
    private boolean dirty;

    /** Reads {@code file} if it exists; a file that cannot be parsed is an error, not a fresh start. */
    public LocalFileOffsetStore(Path file) {
        this.file = file;
        if (Files.exists(file)) {
            try {
                JSONArray list = JSON.parseObject(Files.readString(file, StandardCharsets.UTF_8)).getJSONArray("offsets");
                for (int i = 0; list != null && i < list.size(); i++) {
                    JSONObject o = list.getJSONObject(i);
                    stored.put(new MessageQueue(o.getString("topic"), o.getString("brokerName"),
                            o.getIntValue("queueId")), o.getLongValue("offset"));
                }
            } catch (IOException | RuntimeException e) {
                throw new ClientException(-1, "offset file " + file + " cannot be read (" + e.getMessage()
                        + "); fix or delete it (deleting restarts from consumeFromWhere)", e);
            }
        }
    }

    /** The JSON file holding the offsets. */
    public Path file() {
        return file;
    }

    @Override
    public long readStored(MessageQueue queue) {
        Long offset = stored.get(queue);
        if (offset == null) {
            return -1;
        }
        offsets.put(queue, offset);
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
    public synchronized void persistAll(Collection<MessageQueue> owned) {
        boolean changed = dirty;
        for (MessageQueue q : owned) {
            Long offset = offsets.get(q);
            if (offset != null && !offset.equals(stored.put(q, offset))) {
                changed = true;
            }
        }
        if (changed) {
            dirty = !write();
        }
    }

    @Override
    public void persist(MessageQueue queue) {
        persistAll(List.of(queue));
    }

    @Override
    public void remove(MessageQueue queue) {
        offsets.remove(queue);
    }

    private boolean write() {
        List<Map<String, Object>> list = new ArrayList<>();
        new TreeMap<>(stored).forEach((q, offset) -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("topic", q.topic());
            o.put("brokerName", q.brokerName());
            o.put("queueId", q.queueId());
            o.put("offset", offset);
            list.add(o);
        });
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, JSON.toJSONString(Map.of("offsets", list)), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (IOException e) {
            LOG.warn("writing offsets to {} failed, will try again: {}", file, e.toString());
            return false;
        }
    }
}
