package io.ferrymq.client.admin;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONObject;
import com.alibaba.fastjson2.JSONReader;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import java.util.Map;

/**
 * Reads RocketMQ's ConsumeStats body: {@code {"consumeTps":1.0,"offsetTable":{<queue>:{"brokerOffset":..,
 * "consumerOffset":..,"lastTimestamp":..}}}}. The official broker writes each queue key as a JSON
 * object ({@code {"brokerName":..,"queueId":..,"topic":..}}), which is not standard JSON; a key
 * holding the same object as a string is accepted too. Unknown fields are ignored.
 */
final class ConsumeStatsJson {
    private ConsumeStatsJson() {
    }

    /** Adds the body's queues to {@code offsets}; returns the body's consumeTps. */
    static double read(byte[] body, Map<MessageQueue, QueueProgress> offsets) {
        if (body == null || body.length == 0) {
            throw new ClientException("GET_CONSUME_STATS answered without a body");
        }
        try {
            JSONObject root = JSON.parseObject(body, JSONReader.Feature.AllowUnQuotedFieldNames);
            Object table = root.get("offsetTable");
            if (table != null && !(table instanceof Map)) {
                throw new JSONException("offsetTable is not an object");
            }
            if (table != null) {
                for (Map.Entry<?, ?> e : ((Map<?, ?>) table).entrySet()) {
                    offsets.put(queue(e.getKey()), progress((JSONObject) e.getValue()));
                }
            }
            return root.getDoubleValue("consumeTps");
        } catch (JSONException | ClassCastException | NullPointerException e) {
            throw new ClientException(-1, "malformed ConsumeStats body: " + e.getMessage(), e);
        }
    }

    private static MessageQueue queue(Object key) {
        JSONObject q = key instanceof JSONObject object ? object : JSON.parseObject(String.valueOf(key));
        if (q.getString("topic") == null || q.getString("brokerName") == null || q.get("queueId") == null) {
            throw new JSONException("queue key without topic, brokerName or queueId: " + key);
        }
        return new MessageQueue(q.getString("topic"), q.getString("brokerName"), q.getIntValue("queueId"));
    }

    private static QueueProgress progress(JSONObject value) {
        return new QueueProgress(value.getLongValue("brokerOffset"), value.getLongValue("consumerOffset"),
                value.getLongValue("lastTimestamp"));
    }
}
