package io.ferrymq.store.file;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.MappedByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases a file mapping now rather than when the garbage collector finds the buffer, through
 * {@code sun.misc.Unsafe.invokeCleaner} (module jdk.unsupported, looked up once by reflection).
 * Without it a deleted segment would keep its disk space until a full GC.
 *
 * <p>Unmapping a buffer that someone still reads crashes the JVM: callers guarantee, through
 * {@link MappedFile}'s reference count, that no slice of it is in use.
 */
final class Unmapper {

    private static final Logger LOG = LoggerFactory.getLogger(Unmapper.class);
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method invokeCleaner = null;
        try {
            Class<?> type = Class.forName("sun.misc.Unsafe");
            Field field = type.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = field.get(null);
            invokeCleaner = type.getMethod("invokeCleaner", java.nio.ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("cannot unmap files eagerly; mappings go when the GC collects them", e);
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = invokeCleaner;
    }

    private Unmapper() {
    }

    static void unmap(MappedByteBuffer buffer) {
        if (INVOKE_CLEANER == null) {
            return;
        }
        try {
            INVOKE_CLEANER.invoke(UNSAFE, buffer);
        } catch (ReflectiveOperationException e) {
            LOG.warn("unmap failed", e);
        }
    }
}
