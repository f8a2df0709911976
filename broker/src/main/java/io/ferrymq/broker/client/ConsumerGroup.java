package io.ferrymq.broker.client;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The live members of one consumer group and the group's subscriptions (last heartbeat wins per topic). */
public final class ConsumerGroup {
    private final String name;
    private final Map<Channel, ClientChannel> members = new ConcurrentHashMap<>();
    private volatile Map<String, SubscriptionData> subscriptions = Map.of();
    private volatile String consumeType;
    private volatile String messageModel;
    private volatile String consumeFromWhere;

    ConsumerGroup(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Adds or refreshes a member; true when the member set changed. */
    synchronized boolean heartbeat(ClientChannel member, HeartbeatData.ConsumerData data, long nowMillis) {
        consumeType = data.getConsumeType();
        messageModel = data.getMessageModel();
        consumeFromWhere = data.getConsumeFromWhere();
        boolean changed;
        ClientChannel old = members.get(member.channel());
        if (old == null || !old.clientId().equals(member.clientId())) {
            members.put(member.channel(), member);
            changed = true;
        } else {
            old.touch(nowMillis);
            changed = false;
        }
        Map<String, SubscriptionData> next = new HashMap<>();
        for (SubscriptionData s : data.getSubscriptionDataSet()) {
            if (s == null || s.getTopic() == null) {
                continue;
            }
            SubscriptionData prev = subscriptions.get(s.getTopic());
            next.put(s.getTopic(), prev != null && prev.getSubVersion() > s.getSubVersion() ? prev : s);
        }
        subscriptions = Map.copyOf(next);
        return changed;
    }

    /** True when {@code channel} was a member. */
    synchronized boolean remove(Channel channel) {
        return members.remove(channel) != null;
    }

    /** Removes members silent for longer than {@code expiryMillis}; returns them. */
    synchronized List<ClientChannel> expire(long nowMillis, long expiryMillis) {
        List<ClientChannel> gone = new ArrayList<>();
        members.values().removeIf(c -> {
            if (nowMillis - c.lastUpdateMillis() > expiryMillis) {
                gone.add(c);
                return true;
            }
            return false;
        });
        return gone;
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    public Collection<ClientChannel> members() {
        return members.values();
    }

    /** The member with client id {@code clientId} while its connection is open, or null. */
    public ClientChannel activeMember(String clientId) {
        for (ClientChannel c : members.values()) {
            if (c.clientId().equals(clientId) && c.channel().isActive()) {
                return c;
            }
        }
        return null;
    }

    public List<String> clientIds() {
        List<String> ids = new ArrayList<>(members.size());
        for (ClientChannel c : members.values()) {
            ids.add(c.clientId());
        }
        return ids;
    }

    public SubscriptionData subscription(String topic) {
        return subscriptions.get(topic);
    }

    public Map<String, SubscriptionData> subscriptions() {
        return subscriptions;
    }

    public String consumeType() {
        return consumeType;
    }

    public String messageModel() {
        return messageModel;
    }

    public String consumeFromWhere() {
        return consumeFromWhere;
    }
}
