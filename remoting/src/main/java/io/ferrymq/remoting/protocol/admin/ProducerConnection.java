package io.ferrymq.remoting.protocol.admin;

import java.util.HashSet;
import java.util.Set;

/** Body of GET_PRODUCER_CONNECTION_LIST (204): the live connections of a producer group. */
public class ProducerConnection {
    private Set<Connection> connectionSet = new HashSet<>();

    public Set<Connection> getConnectionSet() {
        return connectionSet;
    }

    public void setConnectionSet(Set<Connection> connectionSet) {
        this.connectionSet = connectionSet;
    }
}
