package io.ferrymq.client.consumer;

/** How a group shares a topic. */
public enum MessageModel {
    /** Each message goes to one member of the group; queues are split among the members, offsets kept by the broker. */
    CLUSTERING,
    /** Each member gets every message; offsets are kept in a local file of each member. */
    BROADCASTING
}
