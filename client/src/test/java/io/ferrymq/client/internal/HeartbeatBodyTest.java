package io.ferrymq.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONObject;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Heartbeats carry producer and consumer groups as brokers read them; 307 is answered from the same data. */
class HeartbeatBodyTest {
    private static final Map<String, Object> CONSUMER = Map.of(
            "groupName", "cg",
            "consumeType", "CONSUME_PASSIVELY",
            "messageModel", "CLUSTERING",
            "consumeFromWhere", "CONSUME_FROM_LAST_OFFSET",
            "unitMode", false,
            "subscriptionDataSet", List.of(Map.of("topic", "T", "subString", "a > 5", "expressionType", "SQL92")));

    private static ConsumerMember member() {
        return new ConsumerMember() {
            @Override
            public String group() {
                return "cg";
            }

            @Override
            public Map<String, Object> heartbeatData() {
                return CONSUMER;
            }

            @Override
            public void onConsumerIdsChanged() {
            }
        };
    }

    @Test
    void bodyHasClientIdProducersAndConsumers() {
        JSONObject body = JSON.parseObject(HeartbeatBody.of("1.2.3.4@x", List.of("pg"), List.of(CONSUMER)));
        assertEquals("1.2.3.4@x", body.getString("clientID"));
        assertEquals("pg", body.getJSONArray("producerDataSet").getJSONObject(0).getString("groupName"));
        JSONObject consumer = body.getJSONArray("consumerDataSet").getJSONObject(0);
        assertEquals("cg", consumer.getString("groupName"));
        assertEquals("CONSUME_PASSIVELY", consumer.getString("consumeType"));
        assertEquals("SQL92", consumer.getJSONArray("subscriptionDataSet").getJSONObject(0).getString("expressionType"));
    }

    @Test
    void runningInfoIsAnsweredForKnownGroupsOnly() {
        RemotingCommand request = RemotingCommand.createRequest(RequestCode.GET_CONSUMER_RUNNING_INFO)
                .putExt("consumerGroup", "cg").putExt("clientId", "x");
        RemotingCommand ok = ConsumerRunningInfo.answer(request, Map.of("cg", member()));
        assertEquals(ResponseCode.SUCCESS, ok.getCode());
        JSONObject info = JSON.parseObject(ok.getBody());
        assertEquals("CLUSTERING", info.getJSONObject("properties").getString("messageModel"));
        assertEquals("T", info.getJSONArray("subscriptionSet").getJSONObject(0).getString("topic"));

        RemotingCommand unknown = ConsumerRunningInfo.answer(request, Map.of());
        assertEquals(ResponseCode.SYSTEM_ERROR, unknown.getCode());
    }
}
