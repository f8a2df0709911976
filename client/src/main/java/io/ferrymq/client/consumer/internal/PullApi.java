package io.ferrymq.client.consumer.internal;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.consumer.Subscription;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * PULL_MESSAGE requests and their answers (PROTOCOL.md §2.3.5): the header keys RocketMQ's
 * PullMessageRequestHeader uses, and a body of concatenated stored-message records.
 */
final class PullApi {
    /** sysFlag bit: store {@code commitOffset} for the group as a side effect. */
    static final int FLAG_COMMIT_OFFSET = 0x1;
    /** sysFlag bit: the broker may hold the request until a message arrives (long polling). */
    static final int FLAG_SUSPEND = 0x2;
    /** sysFlag bit: the request carries its own subscription (else the broker uses the heartbeat's). */
    static final int FLAG_SUBSCRIPTION = 0x4;

    private PullApi() {
    }

    /**
     * A pull of up to {@code maxMessages} from {@code offset}.
     *
     * @param commitOffset the group's offset to store on the way (push consumers in clustering), or -1
     * @param withSubscription send the expression along (pull consumers, whose subscription may not be
     *     in a heartbeat)
     */
    static RemotingCommand request(String group, MessageQueue queue, long offset, int maxMessages,
                                          long commitOffset, long suspendMillis, Subscription subscription,
                                          long subVersion, boolean withSubscription) {
        int sysFlag = (commitOffset > 0 ? FLAG_COMMIT_OFFSET : 0) | (suspendMillis > 0 ? FLAG_SUSPEND : 0)
                | (withSubscription ? FLAG_SUBSCRIPTION : 0);
        RemotingCommand request = RemotingCommand.createRequest(RequestCode.PULL_MESSAGE)
                .putExt("consumerGroup", group)
                .putExt("topic", queue.topic())
                .putExt("queueId", queue.queueId())
                .putExt("queueOffset", offset)
                .putExt("maxMsgNums", maxMessages)
                .putExt("sysFlag", sysFlag)
                .putExt("commitOffset", Math.max(commitOffset, 0))
                .putExt("suspendTimeoutMillis", Math.max(suspendMillis, 0))
                .putExt("subVersion", subVersion)
                .putExt("expressionType", subscription.type().name())
                .putExt("bname", queue.brokerName());
        if (withSubscription) {
            request.putExt("subscription", subscription.expression());
        }
        return request;
    }

    /**
     * Decodes an answer. Messages whose tag the subscription does not take are dropped (the broker's
     * filter compares hashes only); messages of the group's retry topic get their original topic back.
     */
    static PullResult parse(RemotingCommand response, Subscription subscription) {
        PullStatus status = switch (response.getCode()) {
            case ResponseCode.SUCCESS -> PullStatus.FOUND;
            case ResponseCode.PULL_NOT_FOUND -> PullStatus.NO_NEW_MSG;
            case ResponseCode.PULL_RETRY_IMMEDIATELY -> PullStatus.NO_MATCHED_MSG;
            case ResponseCode.PULL_OFFSET_MOVED -> PullStatus.OFFSET_ILLEGAL;
            default -> PullStatus.FAILED;
        };
        if (status == PullStatus.FAILED) {
            return new PullResult(status, -1, -1, -1, List.of(), response.getCode(), response.getRemark());
        }
        long next = response.requireExtLong("nextBeginOffset");
        long min = response.requireExtLong("minOffset");
        long max = response.requireExtLong("maxOffset");
        List<MessageExt> messages = List.of();
        if (status == PullStatus.FOUND && response.getBody() != null) {
            List<MessageExt> decoded = MessageRecord.decodeAll(ByteBuffer.wrap(response.getBody()));
            messages = new ArrayList<>(decoded.size());
            for (MessageExt m : decoded) {
                restoreRetryTopic(m);
                if (subscription.matches(m)) {
                    messages.add(m);
                }
            }
        }
        return new PullResult(status, next, min, max, messages, response.getCode(), response.getRemark());
    }

    private static void restoreRetryTopic(MessageExt m) {
        String original = m.getProperty(MessageConst.RETRY_TOPIC);
        if (original != null && SystemTopics.isRetryTopic(m.getTopic())) {
            m.setTopic(original);
        }
    }
}
