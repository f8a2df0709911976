package io.ferrymq.broker;

import io.ferrymq.broker.client.HeartbeatData;
import io.ferrymq.broker.client.SubscriptionData;
import io.ferrymq.broker.topic.TopicTable;
import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.remoting.protocol.body.DataVersion;
import io.ferrymq.remoting.protocol.body.RegisterBrokerBody;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.ferrymq.remoting.protocol.body.TopicConfigSerializeWrapper;

/**
 * The JSON bodies a starting broker reads and writes first (saved topics and offsets, the
 * registration with the name servers, the first clients' heartbeats), prepared on a helper thread
 * while the main thread sets up logging, so that none of them costs its generation on the way to
 * the first accepted send.
 */
final class BrokerCodecs {
    private BrokerCodecs() {
    }

    static void prepareInBackground() {
        Thread t = new Thread(() -> {
            RemotingJson.prepareWriters(TopicTable.class, TopicConfig.class, DataVersion.class,
                    RegisterBrokerBody.class, TopicConfigSerializeWrapper.class);
            RemotingJson.prepareReaders(HeartbeatData.class, HeartbeatData.ProducerData.class,
                    HeartbeatData.ConsumerData.class, SubscriptionData.class);
        }, "BrokerCodecPreparation");
        t.setDaemon(true);
        t.start();
    }
}
