package io.ferrymq.client.consumer;

import static io.ferrymq.broker.BrokerHarness.await;
import static io.ferrymq.client.consumer.ClusterSupport.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferrymq.broker.BrokerHarness;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.common.message.Message;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Members of one clustering group split the queues, and re-split them as members join and leave. */
class GroupRebalanceIT {
    private static final int QUEUES = 8;
    private static final int PER_ROUND = 80;

    @TempDir
    Path dir;
    private ClusterSupport cluster;
    private String topic;
    private String group;
    private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws Exception {
        cluster = new ClusterSupport(new BrokerHarness(dir));
        topic = cluster.topic("Split", QUEUES);
        group = ClusterSupport.unique("cg");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private PushConsumer member() {
        return cluster.track(cluster.push(group).subscribe(topic, "*").listener(m -> {
            deliveries.computeIfAbsent(new String(m.getBody(), StandardCharsets.UTF_8), k -> new AtomicInteger())
                    .incrementAndGet();
            return ConsumeResult.SUCCESS;
        }).build());
    }

    private Set<MessageQueue> topicQueues(PushConsumer c) {
        Set<MessageQueue> owned = new HashSet<>(c.assignment());
        owned.removeIf(q -> !q.topic().equals(topic));
        return owned;
    }

    /** Every queue owned by exactly one member, each member owning its average share. */
    private void awaitSplit(List<PushConsumer> members) throws InterruptedException {
        await(members.size() + " members splitting " + QUEUES + " queues", WAIT, () -> {
            Set<MessageQueue> union = new HashSet<>();
            int total = 0;
            for (PushConsumer c : members) {
                Set<MessageQueue> owned = topicQueues(c);
                if (owned.size() < QUEUES / members.size()) {
                    return false;
                }
                union.addAll(owned);
                total += owned.size();
            }
            return union.size() == QUEUES && total == QUEUES;
        });
    }

    private void sendRound(Producer producer, int round) throws InterruptedException {
        for (int i = 0; i < PER_ROUND; i++) {
            producer.send(new Message(topic, "T", ("r" + round + "-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        int expected = (round + 1) * PER_ROUND;
        await("round " + round + " consumed", WAIT, () -> deliveries.size() == expected);
        await("round " + round + " committed", WAIT, () -> cluster.harness.broker.offsets().queryAll(group, topic)
                .values().stream().mapToLong(Long::longValue).sum() == expected);
    }

    @Test
    void membersSplitTheQueuesAndTakeOverWhenOthersJoinOrLeave() throws Exception {
        Producer producer = cluster.producer();
        List<PushConsumer> members = new ArrayList<>(List.of(member(), member()));
        awaitSplit(members);
        sendRound(producer, 0);

        members.add(member());
        awaitSplit(members);
        sendRound(producer, 1);

        PushConsumer leaving = members.remove(0);
        leaving.close();
        awaitSplit(members);
        sendRound(producer, 2);

        assertEquals(3 * PER_ROUND, deliveries.size());
        deliveries.forEach((body, n) -> assertEquals(1, n.get(), body + " deliveries"));
    }
}
