package io.ferrymq.store.meta;

import org.rocksdb.RocksDB;

/**
 * RocksDB's native library, loaded ahead of the {@link MetadataStore}. Loading it takes 40-130 ms
 * (longer when it has to be extracted from the jar first); started on its own thread as the JVM
 * starts, it overlaps the logging set-up instead of delaying the broker's metadata. Deliberately free
 * of logging, so starting it does not wait for the logger.
 */
public final class MetadataLibrary {
    private MetadataLibrary() {
    }

    /** Starts loading on a daemon thread; {@link MetadataStore} waits for it (RocksDB loads once). */
    public static void loadInBackground() {
        Thread t = new Thread(RocksDB::loadLibrary, "MetadataLibraryLoad");
        t.setDaemon(true);
        t.start();
    }
}
