package io.ferrymq.client.consumer;

import io.ferrymq.broker.BrokerHarness;
import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.common.topic.TopicConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Test helpers over a {@link BrokerHarness}: topics, unique names, SDK clients closed with the test. */
final class ClusterSupport implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(40);
    private static final AtomicInteger SEQ = new AtomicInteger();

    final BrokerHarness harness;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    ClusterSupport(BrokerHarness harness) {
        this.harness = harness;
    }

    static String unique(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet();
    }

    /** A topic with {@code queues} read and write queues, visible in the name server's routes. */
    String topic(String prefix, int queues) throws InterruptedException {
        String topic = unique(prefix);
        harness.broker.topics().update(new TopicConfig(topic, queues, queues, 6));
        BrokerHarness.await("route of " + topic, WAIT, () -> {
            var route = harness.namesrv.routes().pickupTopicRouteData(topic);
            return route != null && route.getQueueDatas().stream().anyMatch(q -> q.getReadQueueNums() == queues);
        });
        return topic;
    }

    ClientConfig config() {
        return ClientConfig.builder().namesrvAddr(harness.namesrvAddr).instanceName(unique("sdk")).build();
    }

    Producer producer() {
        return track(Producer.builder(unique("pg")).config(config()).build());
    }

    /** A consumer builder on its own client instance; what it builds must be passed to {@link #track}. */
    PushConsumer.Builder push(String group) {
        return PushConsumer.builder(group).config(config()).consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET)
                .persistInterval(Duration.ofMillis(500));
    }

    <T extends AutoCloseable> T track(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // keep closing the others
            }
        }
        harness.close();
    }
}
