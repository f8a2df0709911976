package io.ferrymq.store.queue;

import io.ferrymq.common.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The list of consume queues that dispatch has created, so that a start-up can tell a queue
 * directory deleted by hand ({@code consumequeue/<topic>/<queueId>} missing) from a queue that never
 * existed, and rebuild it from the commit log.
 *
 * <p>File {@code <root>/consumequeue.manifest}: UTF-8 text, one {@code topic<TAB>queueId} line per
 * queue, sorted. Replaced atomically (temporary file, fsync, rename) by the checkpoint thread
 * whenever the number of queues changed since the last write, before the checkpoint that covers the
 * new queues' units. Only whole queues are tracked here; a queue whose directory exists but lost some of
 * its segment files is found when its segments are loaded ({@link ConsumeQueueTable}).
 */
public final class QueueManifest {

    /** One queue. */
    public record Entry(String topic, int queueId) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int c = topic.compareTo(o.topic);
            return c != 0 ? c : Integer.compare(queueId, o.queueId);
        }
    }

    private final Path file;
    private int writtenCount = -1;

    public QueueManifest(Path file) {
        this.file = file;
    }

    /** The queues listed, empty when there is no manifest. */
    public List<Entry> read() throws IOException {
        List<Entry> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return entries;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                try {
                    entries.add(new Entry(line.substring(0, tab), Integer.parseInt(line.substring(tab + 1))));
                } catch (NumberFormatException e) {
                    // a damaged line names no queue
                }
            }
        }
        return entries;
    }

    /** Checkpoint thread: rewrites the manifest when the table has a different number of queues. */
    public void update(ConsumeQueueTable table) throws IOException {
        List<ConsumeQueue> all = table.all();
        if (all.size() == writtenCount) {
            return;
        }
        TreeSet<Entry> entries = new TreeSet<>();
        for (ConsumeQueue cq : all) {
            entries.add(new Entry(cq.topic(), cq.queueId()));
        }
        StringBuilder text = new StringBuilder();
        for (Entry e : entries) {
            text.append(e.topic()).append('\t').append(e.queueId()).append('\n');
        }
        AtomicFiles.replace(file, text.toString().getBytes(StandardCharsets.UTF_8));
        writtenCount = all.size();
    }
}
