package io.ferrymq.namesrv.kv;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Namespaced key/value settings ({@code ORDER_TOPIC_CONFIG} and admin-defined ones), kept in a
 * JSON file {@code {"configTable":{namespace:{key:value}}}} rewritten atomically on each change.
 */
public final class KVConfigManager {
    private static final Logger LOG = LoggerFactory.getLogger(KVConfigManager.class);
    public static final String ORDER_TOPIC_CONFIG = "ORDER_TOPIC_CONFIG";

    private final Path file;
    private final Map<String, Map<String, String>> table = new TreeMap<>();

    public KVConfigManager(Path file) {
        this.file = file;
    }

    /** Loads the file if it exists; a corrupt file stops the start with a clear message. */
    public synchronized void load() {
        if (!Files.exists(file)) {
            LOG.info("no KV config file at {}, starting empty", file);
            return;
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (text.isBlank()) {
                return;
            }
            JSONObject root = JSON.parseObject(text);
            JSONObject configTable = root == null ? null : root.getJSONObject("configTable");
            if (configTable != null) {
                for (String namespace : configTable.keySet()) {
                    JSONObject entries = configTable.getJSONObject(namespace);
                    Map<String, String> values = new TreeMap<>();
                    if (entries != null) {
                        entries.forEach((k, v) -> values.put(k, String.valueOf(v)));
                    }
                    table.put(namespace, values);
                }
            }
            LOG.info("loaded KV config from {}: {} namespaces", file, table.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read KV config file " + file, e);
        } catch (JSONException | ClassCastException e) {
            throw new IllegalStateException("KV config file " + file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    public synchronized void put(String namespace, String key, String value) {
        String previous = table.computeIfAbsent(namespace, k -> new TreeMap<>()).put(key, value);
        LOG.info("KV config {}:{} = {} (was {})", namespace, key, value, previous);
        persist();
    }

    public synchronized boolean delete(String namespace, String key) {
        Map<String, String> values = table.get(namespace);
        if (values == null || values.remove(key) == null) {
            return false;
        }
        if (values.isEmpty()) {
            table.remove(namespace);
        }
        LOG.info("KV config {}:{} deleted", namespace, key);
        persist();
        return true;
    }

    public synchronized String get(String namespace, String key) {
        Map<String, String> values = table.get(namespace);
        return values == null ? null : values.get(key);
    }

    /** A copy of the namespace, or null when it has no keys. */
    public synchronized Map<String, String> namespace(String namespace) {
        Map<String, String> values = table.get(namespace);
        return values == null ? null : new HashMap<>(values);
    }

    private void persist() {
        Map<String, Object> root = Map.of("configTable", table);
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, JSON.toJSONString(root), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.error("cannot persist KV config to {}", file, e);
            throw new UncheckedIOException("cannot persist KV config to " + file, e);
        }
    }
}
