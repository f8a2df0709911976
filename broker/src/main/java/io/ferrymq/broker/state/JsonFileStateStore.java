package io.ferrymq.broker.state;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONWriter;
import io.ferrymq.common.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A {@link StateStore} as one pretty-printed JSON file, written to {@code <file>.tmp}, forced to
 * disk, then renamed over the old file. A file that does not parse is an error (never silently
 * replaced with an empty state).
 *
 * @param <T> a fastjson2 bean type
 */
public final class JsonFileStateStore<T> implements StateStore<T> {
    private final Path file;
    private final Class<T> type;

    public JsonFileStateStore(Path file, Class<T> type) {
        this.file = file;
        this.type = type;
    }

    @Override
    public T load() throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == 0) {
            return null;
        }
        try {
            return JSON.parseObject(bytes, type);
        } catch (JSONException e) {
            throw new IOException("cannot parse " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void save(T snapshot) throws IOException {
        AtomicFiles.replace(file, JSON.toJSONString(snapshot, JSONWriter.Feature.PrettyFormat)
                .getBytes(StandardCharsets.UTF_8));
    }

    public Path file() {
        return file;
    }
}
