package io.ferrymq.transaction;

import io.ferrymq.common.message.MessageExt;
import io.ferrymq.store.commitlog.PutResult;
import java.util.concurrent.CompletableFuture;

/**
 * How a committed message is stored: the broker's normal put path, so delay levels and delivery
 * times take effect from the commit on.
 */
@FunctionalInterface
public interface CommitWriter {
    CompletableFuture<PutResult> put(MessageExt msg);
}
