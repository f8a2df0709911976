package io.ferrymq.store.queue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@link ConsumeQueue} of the store, under {@code <root>/consumequeue/<topic>/<queueId>/}.
 *
 * <p>Threads: the dispatcher creates queues ({@link #findOrCreate}); readers look them up with
 * {@link #find} from any thread; start-up code loads and recovers before either runs.
 */
public final class ConsumeQueueTable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumeQueueTable.class);

    private final Path dir;
    private final int segmentBytes;
    private int damaged;
    private final ConcurrentHashMap<String, ConcurrentHashMap<Integer, ConsumeQueue>> queues = new ConcurrentHashMap<>();

    public ConsumeQueueTable(Path dir, int segmentBytes) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    /** Maps and recovers every queue found on disk. Directories that are not {@code <topic>/<int>} are skipped. */
    public void load() throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        int count = 0;
        try (DirectoryStream<Path> topics = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path topicDir : topics) {
                String topic = topicDir.getFileName().toString();
                List<Path> idDirs = new ArrayList<>();
                try (DirectoryStream<Path> ids = Files.newDirectoryStream(topicDir, Files::isDirectory)) {
                    ids.forEach(idDirs::add); // listed first: a damaged queue is moved away below
                }
                for (Path idDir : idDirs) {
                    int queueId;
                    try {
                        queueId = Integer.parseInt(idDir.getFileName().toString());
                    } catch (NumberFormatException e) {
                        LOG.warn("skipping {}: not a queue id", idDir);
                        continue;
                    }
                    ConsumeQueue cq = new ConsumeQueue(topic, queueId, idDir, segmentBytes);
                    try {
                        cq.load();
                    } catch (IOException e) {
                        setAside(topic, queueId, idDir, e);
                        continue;
                    }
                    cq.recover();
                    queues.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).put(queueId, cq);
                    count++;
                }
            }
        }
        LOG.info("loaded {} consume queues from {}", count, dir);
    }

    /**
     * A queue whose segments do not follow each other (one deleted or damaged by hand) cannot be read; it
     * is only derived data, so it is moved out of the way, to {@code <root>/consumequeue.damaged/}, for the
     * store to rebuild from the commit log ({@link #damagedCount()}), instead of keeping the broker from
     * starting.
     */
    private void setAside(String topic, int queueId, Path idDir, IOException cause) throws IOException {
        Path aside = dir.resolveSibling(dir.getFileName() + ".damaged").resolve(topic)
                .resolve(queueId + "-" + System.currentTimeMillis());
        Files.createDirectories(aside.getParent());
        Files.move(idDir, aside);
        damaged++;
        LOG.warn("consume queue {}/{} is damaged ({}): moved to {}, to be rebuilt from the commit log", topic,
                queueId, cause.getMessage(), aside);
    }

    /** Queues set aside as damaged by {@link #load()}. */
    public int damagedCount() {
        return damaged;
    }

    /** The queue, or null when nothing was ever dispatched to it. Any thread. */
    public ConsumeQueue find(String topic, int queueId) {
        Map<Integer, ConsumeQueue> byId = queues.get(topic);
        return byId == null ? null : byId.get(queueId);
    }

    /** Dispatcher thread: the queue, created empty when missing. */
    public ConsumeQueue findOrCreate(String topic, int queueId) {
        ConsumeQueue cq = find(topic, queueId);
        if (cq != null) {
            return cq;
        }
        return queues.computeIfAbsent(topic, t -> new ConcurrentHashMap<>()).computeIfAbsent(queueId,
                id -> new ConsumeQueue(topic, id, dir.resolve(topic).resolve(Integer.toString(id)), segmentBytes));
    }

    /** A snapshot of all queues. */
    public List<ConsumeQueue> all() {
        List<ConsumeQueue> all = new ArrayList<>();
        queues.values().forEach(m -> all.addAll(m.values()));
        return all;
    }

    /** Queue ids of a topic that have a consume queue. */
    public List<Integer> queueIds(String topic) {
        Map<Integer, ConsumeQueue> byId = queues.get(topic);
        return byId == null ? List.of() : List.copyOf(byId.keySet());
    }

    /** The largest end (offset + size) of a record indexed by any queue, or -1. */
    public long lastPhysicalEnd() {
        long max = -1;
        for (ConsumeQueue cq : all()) {
            max = Math.max(max, cq.lastPhysicalEnd());
        }
        return max;
    }

    public void truncateFromPhysical(long physicalOffset) throws IOException {
        for (ConsumeQueue cq : all()) {
            cq.truncateFromPhysical(physicalOffset);
        }
    }

    /** @return segments deleted */
    public int correctMinOffset(long commitLogMinOffset) throws IOException {
        int deleted = 0;
        for (ConsumeQueue cq : all()) {
            deleted += cq.correctMinOffset(commitLogMinOffset);
        }
        return deleted;
    }

    public void flush() {
        all().forEach(ConsumeQueue::flush);
    }

    /** Applies {@code action} to every queue. */
    public void forEach(Consumer<ConsumeQueue> action) {
        all().forEach(action);
    }

    /** Deletes every queue (a full rebuild from the commit log follows). */
    public void destroyAll() throws IOException {
        for (ConsumeQueue cq : all()) {
            cq.destroy();
            cq.close();
        }
        queues.clear();
    }

    public void close() {
        all().forEach(ConsumeQueue::close);
        queues.clear();
    }
}
