package io.ferrymq.client.consumer.internal;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONObject;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.internal.ClientInstance;
import io.ferrymq.client.internal.TopicRoute;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.remoting.exception.RemotingException;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The consumer-side broker calls other than PULL_MESSAGE, with RocketMQ's header keys (PROTOCOL.md
 * §2.3.6–2.3.9, 2.3.13). Each call goes to the master of the queue's broker group and throws a
 * {@link ClientException} carrying the broker's code when it fails. Stateless; any thread.
 */
public final class ConsumerBrokerApi implements QueueBounds {
    /** Offset queries: RocketMQ's 5 s. */
    private static final long OFFSET_TIMEOUT_MILLIS = 5_000;
    private static final long SEND_BACK_TIMEOUT_MILLIS = 5_000;

    private final ClientInstance client;
    private final String group;

    /** The broker requests of consumer {@code group}, sent through {@code client}. */
    public ConsumerBrokerApi(ClientInstance client, String group) {
        this.client = client;
        this.group = group;
    }

    /** The client instance the requests go through. */
    public ClientInstance client() {
        return client;
    }

    /** The master address of the queue's broker group, from the cached route. */
    public String masterOf(MessageQueue queue) {
        TopicRoute route = client.consumerRoute(queue.topic());
        String addr = route.masterAddr(queue.brokerName());
        if (addr == null) {
            route = client.refreshConsumerRoute(queue.topic());
            addr = route.masterAddr(queue.brokerName());
        }
        if (addr == null) {
            throw new ClientException(ResponseCode.SERVICE_NOT_AVAILABLE, "broker " + queue.brokerName()
                    + " of " + queue + " has no live master in the route");
        }
        return addr;
    }

    /** GET_CONSUMER_LIST_BY_GROUP: the client ids of the group's live members, as one broker sees them. */
    public List<String> consumerIds(String brokerAddr) {
        RemotingCommand response = call(brokerAddr, RemotingCommand.createRequest(RequestCode.GET_CONSUMER_LIST_BY_GROUP)
                .putExt("consumerGroup", group), client.timeoutMillis());
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new ClientException(response.getCode(), "member list of group " + group + " from " + brokerAddr
                    + ": " + response.getRemark());
        }
        JSONArray ids = JSON.parseObject(new String(response.getBody(), StandardCharsets.UTF_8))
                .getJSONArray("consumerIdList");
        List<String> list = new ArrayList<>();
        if (ids != null) {
            ids.forEach(id -> list.add(String.valueOf(id)));
        }
        return list;
    }

    /** QUERY_CONSUMER_OFFSET: the group's committed offset, or -1 when it has none (code 22). */
    public long committedOffset(MessageQueue queue) {
        RemotingCommand response = call(masterOf(queue), RemotingCommand.createRequest(RequestCode.QUERY_CONSUMER_OFFSET)
                .putExt("consumerGroup", group).putExt("topic", queue.topic()).putExt("queueId", queue.queueId()),
                OFFSET_TIMEOUT_MILLIS);
        return switch (response.getCode()) {
            case ResponseCode.SUCCESS -> response.requireExtLong("offset");
            case ResponseCode.QUERY_NOT_FOUND -> -1;
            default -> throw new ClientException(response.getCode(), "committed offset of " + queue + " for " + group
                    + ": " + response.getRemark());
        };
    }

    /** UPDATE_CONSUMER_OFFSET, oneway (periodic) or waiting for the broker (shutdown, queue handed over). */
    public void commitOffset(MessageQueue queue, long offset, boolean oneway) {
        RemotingCommand request = RemotingCommand.createRequest(RequestCode.UPDATE_CONSUMER_OFFSET)
                .putExt("consumerGroup", group).putExt("topic", queue.topic()).putExt("queueId", queue.queueId())
                .putExt("commitOffset", offset);
        String addr = masterOf(queue);
        if (oneway) {
            try {
                client.remoting().invokeOneway(addr, request, OFFSET_TIMEOUT_MILLIS);
            } catch (RemotingException e) {
                throw new ClientException(-1, "offset commit of " + queue + " to " + addr + " failed: " + e.getMessage(), e);
            }
            return;
        }
        RemotingCommand response = call(addr, request, OFFSET_TIMEOUT_MILLIS);
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new ClientException(response.getCode(), "offset commit of " + queue + ": " + response.getRemark());
        }
    }

    /** GET_MAX_OFFSET: the next offset the queue will write. */
    @Override
    public long maxOffset(MessageQueue queue) {
        return offsetCall(RequestCode.GET_MAX_OFFSET, queue, "max offset", null);
    }

    /** GET_MIN_OFFSET: the first offset still stored. */
    public long minOffset(MessageQueue queue) {
        return offsetCall(RequestCode.GET_MIN_OFFSET, queue, "min offset", null);
    }

    /** SEARCH_OFFSET_BY_TIMESTAMP: the offset of the first message stored at about {@code epochMillis}. */
    @Override
    public long offsetAt(MessageQueue queue, long epochMillis) {
        return offsetCall(RequestCode.SEARCH_OFFSET_BY_TIMESTAMP, queue, "offset by time", epochMillis);
    }

    private long offsetCall(int code, MessageQueue queue, String what, Long timestamp) {
        RemotingCommand request = RemotingCommand.createRequest(code).putExt("topic", queue.topic())
                .putExt("queueId", queue.queueId());
        if (timestamp != null) {
            request.putExt("timestamp", timestamp);
        }
        RemotingCommand response = call(masterOf(queue), request, OFFSET_TIMEOUT_MILLIS);
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new ClientException(response.getCode(), what + " of " + queue + ": " + response.getRemark());
        }
        return response.requireExtLong("offset");
    }

    /**
     * CONSUMER_SEND_MSG_BACK: the broker stores the message again in {@code %RETRY%<group>} with delay
     * level {@code delayLevel} (0: the broker's {@code 3 + reconsumeTimes}; negative: straight to the
     * dead-letter topic), or dead-letters it once {@code maxReconsumeTimes} is reached.
     */
    public void sendBack(MessageQueue from, MessageExt message, int delayLevel, int maxReconsumeTimes) {
        RemotingCommand request = RemotingCommand.createRequest(RequestCode.CONSUMER_SEND_MSG_BACK)
                .putExt("offset", message.getCommitLogOffset())
                .putExt("group", group)
                .putExt("delayLevel", delayLevel)
                .putExt("originMsgId", message.getMsgId())
                .putExt("originTopic", message.getTopic())
                .putExt("unitMode", false)
                .putExt("maxReconsumeTimes", maxReconsumeTimes)
                .putExt("bname", from.brokerName());
        RemotingCommand response = call(masterOf(from), request, SEND_BACK_TIMEOUT_MILLIS);
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new ClientException(response.getCode(), "send-back of " + message.getMsgId() + ": "
                    + response.getRemark());
        }
    }

    /** LOCK_BATCH_MQ to one broker: the queues now locked by {@code clientId}. */
    public Set<MessageQueue> lock(String brokerAddr, Collection<MessageQueue> queues) {
        RemotingCommand response = call(brokerAddr, RemotingCommand.createRequest(RequestCode.LOCK_BATCH_MQ)
                .setBody(lockBody(queues)), client.timeoutMillis());
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new ClientException(response.getCode(), "queue lock at " + brokerAddr + ": " + response.getRemark());
        }
        Set<MessageQueue> locked = new HashSet<>();
        JSONArray set = JSON.parseObject(new String(response.getBody(), StandardCharsets.UTF_8)).getJSONArray("lockOKMQSet");
        if (set != null) {
            for (int i = 0; i < set.size(); i++) {
                JSONObject q = set.getJSONObject(i);
                locked.add(new MessageQueue(q.getString("topic"), q.getString("brokerName"), q.getIntValue("queueId")));
            }
        }
        return locked;
    }

    /** UNLOCK_BATCH_MQ, waiting for the broker so the next owner can lock at once. */
    public void unlock(String brokerAddr, Collection<MessageQueue> queues) {
        RemotingCommand response = call(brokerAddr, RemotingCommand.createRequest(RequestCode.UNLOCK_BATCH_MQ)
                .setBody(lockBody(queues)), client.timeoutMillis());
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new ClientException(response.getCode(), "queue unlock at " + brokerAddr + ": " + response.getRemark());
        }
    }

    private byte[] lockBody(Collection<MessageQueue> queues) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("consumerGroup", group);
        body.put("clientId", client.config().clientId());
        List<Map<String, Object>> set = new ArrayList<>();
        for (MessageQueue q : queues) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("topic", q.topic());
            m.put("brokerName", q.brokerName());
            m.put("queueId", q.queueId());
            set.add(m);
        }
        body.put("mqSet", set);
        return JSON.toJSONString(body).getBytes(StandardCharsets.UTF_8);
    }

    private RemotingCommand call(String addr, RemotingCommand request, long timeoutMillis) {
        try {
            return client.remoting().invokeSync(addr, request, timeoutMillis);
        } catch (RemotingException e) {
            throw new ClientException(-1, "request " + request.getCode() + " to " + addr + " failed: " + e.getMessage(), e);
        }
    }
}
