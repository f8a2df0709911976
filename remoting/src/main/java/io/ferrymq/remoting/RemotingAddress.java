package io.ferrymq.remoting;

import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** "host:port" text for addresses, as RocketMQ writes them (IPv6 hosts in brackets are accepted). */
public final class RemotingAddress {
    private RemotingAddress() {
    }

    public static InetSocketAddress parse(String address) {
        if (address == null) {
            throw new IllegalArgumentException("address is null");
        }
        String text = address.trim();
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("address must be host:port, got '" + address + "'");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in address '" + address + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range in address '" + address + "'");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    public static String toText(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            String host = inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
            return host + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    public static String remote(Channel channel) {
        return channel == null ? "" : toText(channel.remoteAddress());
    }
}
