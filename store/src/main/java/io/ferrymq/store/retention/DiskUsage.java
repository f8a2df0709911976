package io.ferrymq.store.retention;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** How full the store's disk is, in percent (0..100). Injected so tests need no full disk. */
@FunctionalInterface
public interface DiskUsage {

    double usedPercent() throws IOException;

    /**
     * The fullest of the file systems holding {@code paths} (a path not created yet counts as its
     * nearest existing parent).
     */
    static DiskUsage of(Path... paths) {
        return () -> {
            double max = 0;
            for (Path path : paths) {
                Path p = path.toAbsolutePath();
                while (p != null && !Files.exists(p)) {
                    p = p.getParent();
                }
                if (p == null) {
                    continue;
                }
                FileStore fs = Files.getFileStore(p);
                long total = fs.getTotalSpace();
                if (total > 0) {
                    max = Math.max(max, 100.0 * (total - fs.getUsableSpace()) / total);
                }
            }
            return max;
        };
    }
}
