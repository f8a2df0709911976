package io.ferrymq.broker.client;

import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Producer groups and their live connections (used to reach a producer for transaction check-back, and a
 * requester for the reply to its request).
 */
public final class ProducerRegistry {
    private final Map<String, Map<Channel, ClientChannel>> groups = new ConcurrentHashMap<>();

    public void heartbeat(String group, ClientChannel member, long nowMillis) {
        Map<Channel, ClientChannel> members = groups.computeIfAbsent(group, g -> new ConcurrentHashMap<>());
        ClientChannel old = members.putIfAbsent(member.channel(), member);
        if (old != null) {
            old.touch(nowMillis);
        }
    }

    public void unregister(String group, Channel channel) {
        Map<Channel, ClientChannel> members = groups.get(group);
        if (members != null) {
            members.remove(channel);
        }
    }

    public void channelClosed(Channel channel) {
        groups.values().forEach(m -> m.remove(channel));
    }

    /** Forgets connections silent for longer than {@code expiryMillis}; returns them. */
    public List<Channel> expire(long nowMillis, long expiryMillis) {
        List<Channel> gone = new ArrayList<>();
        for (Map<Channel, ClientChannel> members : groups.values()) {
            members.values().removeIf(c -> {
                if (nowMillis - c.lastUpdateMillis() > expiryMillis) {
                    gone.add(c.channel());
                    return true;
                }
                return false;
            });
        }
        return gone;
    }

    /** Every live connection of {@code group}. */
    public List<Channel> activeChannels(String group) {
        Map<Channel, ClientChannel> members = groups.get(group);
        List<Channel> result = new ArrayList<>();
        if (members != null) {
            members.keySet().stream().filter(Channel::isActive).forEach(result::add);
        }
        return result;
    }

    /** The registered connections of {@code group} (empty when the group is unknown), a copy. */
    public List<ClientChannel> members(String group) {
        Map<Channel, ClientChannel> members = groups.get(group);
        return members == null ? List.of() : new ArrayList<>(members.values());
    }

    /** A live connection of {@code group}, or null. */
    public Channel anyActiveChannel(String group) {
        Map<Channel, ClientChannel> members = groups.get(group);
        if (members == null) {
            return null;
        }
        for (Channel ch : members.keySet()) {
            if (ch.isActive()) {
                return ch;
            }
        }
        return null;
    }

    /** The live connection of the producer client {@code clientId} (any of its groups), or null. */
    public Channel findChannel(String clientId) {
        for (Map<Channel, ClientChannel> members : groups.values()) {
            for (ClientChannel c : members.values()) {
                if (c.clientId().equals(clientId) && c.channel().isActive()) {
                    return c.channel();
                }
            }
        }
        return null;
    }

    public List<String> groupsOf(Channel channel) {
        List<String> result = new ArrayList<>();
        groups.forEach((g, m) -> {
            if (m.containsKey(channel)) {
                result.add(g);
            }
        });
        return result;
    }
}
