package io.ferrymq.broker.state;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

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
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        byte[] bytes = JSON.toJSONString(snapshot, JSONWriter.Feature.PrettyFormat).getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public Path file() {
        return file;
    }
}
