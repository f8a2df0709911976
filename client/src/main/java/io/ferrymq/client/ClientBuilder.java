package io.ferrymq.client;

import io.ferrymq.client.internal.ClientInstance;
import java.util.function.Function;

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

    /** The settings in effect: the shared instance's, the given ones, or the defaults ($NAMESRV_ADDR). */
    protected ClientConfig effectiveConfig() {
        if (client == null && config == null) {
            config = ClientConfig.builder().build(); // from $NAMESRV_ADDR, or a clear error
        }
        return client != null ? client.config() : config;
    }

    /**
     * Creates a consumer on the shared instance, or on the process-wide instance of the settings' client id;
     * that instance is given back if {@code create} fails.
     */
    protected <T> T onProcessInstance(Function<ClientInstance, T> create) {
        ClientInstance instance = client != null ? client : ClientInstance.acquire(effectiveConfig());
        try {
            return create.apply(instance);
        } catch (RuntimeException e) {
            if (client == null) {
                instance.release();
            }
            throw e;
        }
    }

    /** {@code value}, checked to be at least 1. */
    protected static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
        return value;
    }
}
