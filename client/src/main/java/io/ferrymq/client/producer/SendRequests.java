package io.ferrymq.client.producer;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.common.message.Message;
import io.ferrymq.common.message.MessageId;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import java.util.Set;

/** SEND_MESSAGE_V2 requests and their responses, with RocketMQ's abbreviated header keys. */
final class SendRequests {
    /** Codes after which the producer tries another queue (RocketMQ's retry set). */
    static final Set<Integer> RETRYABLE = Set.of(ResponseCode.TOPIC_NOT_EXIST, ResponseCode.SERVICE_NOT_AVAILABLE,
            ResponseCode.SYSTEM_ERROR, ResponseCode.NO_PERMISSION, ResponseCode.NO_BUYER_ID,
            ResponseCode.NOT_IN_CURRENT_UNIT, ResponseCode.SYSTEM_BUSY);
    private static final int DEFAULT_TOPIC_QUEUE_NUMS = 4;

    private SendRequests() {
    }

    static RemotingCommand request(String group, Message msg, MessageQueue queue, int sysFlag, long bornMillis) {
        return RemotingCommand.createRequest(RequestCode.SEND_MESSAGE_V2)
                .putExt("a", group)
                .putExt("b", msg.getTopic())
                .putExt("c", SystemTopics.AUTO_CREATE_TOPIC_KEY_TOPIC)
                .putExt("d", DEFAULT_TOPIC_QUEUE_NUMS)
                .putExt("e", queue.queueId())
                .putExt("f", sysFlag)
                .putExt("g", bornMillis)
                .putExt("h", msg.getFlag())
                .putExt("i", MessageProperties.encode(msg.getProperties()))
                .putExt("j", 0)
                .putExt("k", false)
                .putExt("m", false)
                .putExt("n", queue.brokerName())
                .setBody(msg.getBody());
    }

    /** The result of a stored message, or a {@link ClientException} with the broker's code and remark. */
    static SendResult result(RemotingCommand response, Message msg, MessageQueue queue) {
        SendStatus status = switch (response.getCode()) {
            case ResponseCode.SUCCESS -> SendStatus.SEND_OK;
            case ResponseCode.FLUSH_DISK_TIMEOUT -> SendStatus.FLUSH_DISK_TIMEOUT;
            case ResponseCode.FLUSH_SLAVE_TIMEOUT -> SendStatus.FLUSH_SLAVE_TIMEOUT;
            case ResponseCode.SLAVE_NOT_AVAILABLE -> SendStatus.SLAVE_NOT_AVAILABLE;
            default -> throw new ClientException(response.getCode(), "send to " + queue + " failed (code "
                    + response.getCode() + "): " + response.getRemark());
        };
        String offsetMsgId = response.requireExt("msgId");
        if (!offsetMsgId.contains(",")) {
            MessageId.parse(offsetMsgId); // a malformed id is a broker bug worth failing loudly on
        }
        return new SendResult(status, msg.getUniqKey(), offsetMsgId, new MessageQueue(queue.topic(),
                queue.brokerName(), response.requireExtInt("queueId")), response.requireExtLong("queueOffset"),
                response.ext("transactionId"));
    }
}
