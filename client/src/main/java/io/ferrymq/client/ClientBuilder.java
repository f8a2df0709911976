package io.ferrymq.client;

import io.ferrymq.client.internal.ClientInstance;

/**
 * What every producer and consumer builder takes to reach the name servers: an address, full client settings, or
 * an existing client instance to share.
 *
 * @param <B> the concrete builder, returned by each setter so calls chain
 */
public abstract class ClientBuilder<B extends ClientBuilder<B>> {
    /** Client settings, or null when none were given. */
    protected ClientConfig config;
    /** A shared client instance the caller owns, or null. */
    protected ClientInstance client;

    protected ClientBuilder() {
    }

    /** This builder, typed as the concrete builder. */
    protected abstract B self();

    /** Name server address(es), {@code host:port;host:port}; other client settings default. */
    public B namesrvAddr(String namesrvAddr) {
        this.config = ClientConfig.builder().namesrvAddr(namesrvAddr).build();
        return self();
    }

    /**
     * Client settings (name servers, timeouts, instance name). A producer gets a client instance of its own; a
     * consumer uses the process-wide instance of the settings' client id and gives it back when closed.
     */
    public B config(ClientConfig config) {
        this.config = config;
        return self();
    }

    /**
     * Shares connections, routes and heartbeats with the other producers and consumers of that instance, which
     * the caller closes. {@link ClientInstance} is internal (it may change in any release): applications use
     * {@link #namesrvAddr} or {@link #config}.
     */
    public B clientInstance(ClientInstance client) {
        this.client = client;
        return self();
    }
}
