package io.ferrymq.client.internal;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.common.PermName;
import io.ferrymq.remoting.protocol.route.BrokerData;
import io.ferrymq.remoting.protocol.route.QueueData;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A topic's route turned into what clients use: the writable queues (brokers with a master), the
 * readable queues, and the master address of each broker group. Immutable.
 */
public final class TopicRoute {
    private final String topic;
    private final List<MessageQueue> writeQueues;
    private final List<MessageQueue> readQueues;
    private final Map<String, String> masterAddrs;

    private TopicRoute(String topic, List<MessageQueue> writeQueues, List<MessageQueue> readQueues,
                       Map<String, String> masterAddrs) {
        this.topic = topic;
        this.writeQueues = writeQueues;
        this.readQueues = readQueues;
        this.masterAddrs = masterAddrs;
    }

    /** The route a name server answered: writable queues are those on a live master. */
    public static TopicRoute of(String topic, TopicRouteData data) {
        Map<String, String> masters = new HashMap<>();
        for (BrokerData broker : data.getBrokerDatas()) {
            String master = broker.masterAddr();
            if (master != null) {
                masters.put(broker.getBrokerName(), master);
            }
        }
        List<MessageQueue> write = new ArrayList<>();
        List<MessageQueue> read = new ArrayList<>();
        for (QueueData q : data.getQueueDatas()) {
            if (PermName.isWriteable(q.getPerm()) && masters.containsKey(q.getBrokerName())) {
                for (int i = 0; i < q.getWriteQueueNums(); i++) {
                    write.add(new MessageQueue(topic, q.getBrokerName(), i));
                }
            }
            if (PermName.isReadable(q.getPerm())) {
                for (int i = 0; i < q.getReadQueueNums(); i++) {
                    read.add(new MessageQueue(topic, q.getBrokerName(), i));
                }
            }
        }
        Collections.sort(write);
        Collections.sort(read);
        return new TopicRoute(topic, List.copyOf(write), List.copyOf(read), Map.copyOf(masters));
    }

    /** The topic. */
    public String topic() {
        return topic;
    }

    /** Writable queues on live masters, sorted. */
    public List<MessageQueue> writeQueues() {
        return writeQueues;
    }

    /** Readable queues, sorted. */
    public List<MessageQueue> readQueues() {
        return readQueues;
    }

    /** The master address of a broker group, or null. */
    public String masterAddr(String brokerName) {
        return masterAddrs.get(brokerName);
    }

    /** Master addresses by broker group name. */
    public Map<String, String> masterAddrs() {
        return masterAddrs;
    }
}
