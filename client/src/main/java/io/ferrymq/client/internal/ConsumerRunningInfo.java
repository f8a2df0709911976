package io.ferrymq.client.internal;

import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer to GET_CONSUMER_RUNNING_INFO (307): a minimal ConsumerRunningInfo body with the consumer's
 * properties and subscriptions, enough for admin tools that list a group's clients.
 */
final class ConsumerRunningInfo {
    private ConsumerRunningInfo() {
    }

    static RemotingCommand answer(RemotingCommand request, Map<String, ConsumerMember> consumers) {
        String group = request.ext("consumerGroup");
        ConsumerMember member = group == null ? null : consumers.get(group);
        if (member == null) {
            return RemotingCommand.createResponse(request, ResponseCode.SYSTEM_ERROR,
                    "The Consumer Group <" + group + "> not exist in this consumer");
        }
        Map<String, Object> data = member.heartbeatData();
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, String> properties = new LinkedHashMap<>(member.runningProperties());
        properties.put("consumeType", String.valueOf(data.get("consumeType")));
        properties.put("messageModel", String.valueOf(data.get("messageModel")));
        properties.put("consumeFromWhere", String.valueOf(data.get("consumeFromWhere")));
        body.put("properties", properties);
        body.put("subscriptionSet", data.getOrDefault("subscriptionDataSet", List.of()));
        body.put("mqTable", Map.of());
        body.put("statusTable", Map.of());
        return RemotingCommand.createResponse(request, ResponseCode.SUCCESS, null).setBody(RemotingJson.encode(body));
    }
}
