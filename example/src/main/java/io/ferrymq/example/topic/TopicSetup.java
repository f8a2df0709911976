package io.ferrymq.example.topic;

import io.ferrymq.example.Poll;
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

    private static boolean routed(AdminClient admin, String topic) {
        try {
            admin.route(topic);
            return true;
        } catch (ClientException e) {
            return false;
        }
    }

    public static void ensure(String namesrv, int queues, String... topics) throws Exception {
        try (AdminClient admin = AdminClient.create(namesrv)) {
            for (String cluster : admin.clusters().keySet()) {
                for (String topic : topics) {
                    admin.createOrUpdateTopic(cluster, TopicSettings.of(topic, queues));
                }
            }
            for (String topic : topics) {
                // the broker registers new topics with the name server at once; the route follows shortly
                Poll.until(Duration.ofSeconds(30), Duration.ofMillis(100), () -> routed(admin, topic),
                        () -> "the name server has no route for " + topic + " within 30 s");
            }
        }
    }
}
