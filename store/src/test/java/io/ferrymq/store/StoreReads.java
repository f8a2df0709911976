package io.ferrymq.store;

import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageRecord;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Test reads of a {@link MessageStore}: waiting for dispatch and reading a whole queue back. Shared with the
 * transaction and broker modules' tests through the store's test jar.
 */
public final class StoreReads {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private StoreReads() {
    }

    /** Fails the test when {@code condition} does not hold within 10 s. */
    public static void await(BooleanSupplier condition, String what) {
        StoreTestSupport.await(condition, TIMEOUT, what);
    }

    /** Waits until every stored record reached the consume queues and the index. */
    public static void awaitDispatch(MessageStore store) {
        await(() -> store.dispatchedOffset() >= store.commitLog().maxOffset(), "dispatch");
    }

    /** Every message of one queue, from its first offset, decoded with its body and properties. */
    public static List<MessageExt> readQueue(MessageStore store, String topic, int queueId) {
        List<MessageExt> out = new ArrayList<>();
        long offset = 0;
        while (true) {
            try (GetResult r = store.getMessages(topic, queueId, offset, 32, 1 << 20, MessageFilter.ALL)) {
                if (r.status() != GetStatus.FOUND) {
                    return out;
                }
                for (ByteBuffer b : r.messages()) {
                    out.add(MessageRecord.decode(b.duplicate(), true, false));
                }
                offset = r.nextBeginOffset();
            }
        }
    }
}
