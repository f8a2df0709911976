package io.ferrymq.example.topic;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.TopicSettings;
import java.time.Duration;

/**
 * Creates topics on every cluster (as an operator would with {@code mqadmin updateTopic}) and waits until
 * the name server routes them, so services subscribe to and send to topics that exist.
 */
public final class TopicSetup {
    private TopicSetup() {
    }

    public static void ensure(String namesrv, int queues, String... topics) throws Exception {
        try (AdminClient admin = AdminClient.create(namesrv)) {
            for (String cluster : admin.clusters().keySet()) {
                for (String topic : topics) {
                    admin.createOrUpdateTopic(cluster, TopicSettings.of(topic, queues));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (String topic : topics) {
                while (true) {
                    try {
                        admin.route(topic);
                        break;
                    } catch (ClientException e) {
                        if (System.nanoTime() > deadline) {
                            throw e;
                        }
                        Thread.sleep(100); // the broker registers new topics with the name server at once
                    }
                }
            }
        }
    }
}
