package io.ferrymq.client.consumer.internal;

import io.ferrymq.common.message.MessageExt;
import java.util.List;

/**
 * A decoded PULL_MESSAGE answer: the messages for the subscription (topic restored for retries), where
 * to pull next, and the queue's bounds. {@code code}/{@code remark} are the broker's, for failures.
 */
public record PullResult(PullStatus status, long nextBeginOffset, long minOffset, long maxOffset,
                         List<MessageExt> messages, int code, String remark) {
}
