package io.ferrymq.broker.send;

import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;

/**
 * The SEND_MESSAGE request header, read from either key set: V1 (codes 10 and 324, a reply, long names)
 * or V2 (codes 310, 320 and 325, one-letter names).
 */
public record SendHeader(String producerGroup, String topic, String defaultTopic, int defaultTopicQueueNums,
                         int queueId, int sysFlag, long bornTimestamp, int flag, String properties,
                         int reconsumeTimes, int maxReconsumeTimes, boolean batch) {

    public static SendHeader parse(RemotingCommand request) {
        if (request.getCode() == RequestCode.SEND_MESSAGE || request.getCode() == RequestCode.SEND_REPLY_MESSAGE) {
            return new SendHeader(request.requireExt("producerGroup"), request.requireExt("topic"),
                    request.requireExt("defaultTopic"), request.requireExtInt("defaultTopicQueueNums"),
                    request.requireExtInt("queueId"), request.requireExtInt("sysFlag"),
                    request.requireExtLong("bornTimestamp"), request.requireExtInt("flag"),
                    request.ext("properties"), request.extInt("reconsumeTimes", 0),
                    request.extInt("maxReconsumeTimes", -1), request.extBoolean("batch", false));
        }
        return new SendHeader(request.requireExt("a"), request.requireExt("b"), request.requireExt("c"),
                request.requireExtInt("d"), request.requireExtInt("e"), request.requireExtInt("f"),
                request.requireExtLong("g"), request.requireExtInt("h"), request.ext("i"), request.extInt("j", 0),
                request.extInt("l", -1), request.extBoolean("m", request.getCode() == RequestCode.SEND_BATCH_MESSAGE));
    }
}
