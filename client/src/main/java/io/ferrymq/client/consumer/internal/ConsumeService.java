package io.ferrymq.client.consumer.internal;

import io.ferrymq.common.message.MessageExt;
import java.time.Duration;
import java.util.List;

/** Runs the listener over pulled messages and moves the queue's offset as they are done. */
public interface ConsumeService {
    /** Messages just put into {@code queue}; called on a pull callback thread, must not block. */
    void submit(ProcessQueue queue, List<MessageExt> messages);

    /**
     * Takes no more work and waits for listeners in flight, at most {@code timeout}; true when they all
     * finished. Messages not yet started stay unconsumed (their offsets are not committed).
     */
    boolean shutdown(Duration timeout);
}
