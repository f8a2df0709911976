package io.ferrymq.client.admin;

/** A topic's queues on one broker group, as its route says. */
public record QueueInfo(String brokerName, int readQueueNums, int writeQueueNums, int perm) {
}
