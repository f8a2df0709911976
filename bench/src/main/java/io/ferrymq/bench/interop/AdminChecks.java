package io.ferrymq.bench.interop;

import static io.ferrymq.bench.interop.CheckLog.expect;

import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.admin.AdminClient;
import io.ferrymq.client.admin.BrokerInfo;
import io.ferrymq.client.admin.ConsumeStats;
import io.ferrymq.client.admin.QueueInfo;
import io.ferrymq.client.admin.TopicRouteView;
import io.ferrymq.client.admin.TopicSettings;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.common.message.MessageExt;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The admin client: cluster list, topic creation and route, message lookups, offsets and progress. */
public final class AdminChecks {
    static final int QUEUES = 4;

    private final InteropSettings s;
    private final CheckLog log;
    private final AdminClient admin;

    public AdminChecks(InteropSettings s, CheckLog log, AdminClient admin) {
        this.s = s;
        this.log = log;
        this.admin = admin;
    }

    /** Waits for a registered master in the cluster; true when there is one. */
    public boolean cluster() {
        return log.check("admin: cluster list shows a broker master", () -> {
            BrokerInfo broker = Waits.until("a master in cluster " + s.cluster(), s.timeout(), () ->
                    Optional.ofNullable(admin.clusters().get(s.cluster())).flatMap(bs -> bs.stream()
                            .filter(b -> b.masterAddr() != null).findFirst()));
            return broker.brokerName() + " at " + broker.masterAddr();
        });
    }

    /** Creates {@code topic} with {@link #QUEUES} queues and waits for its route. */
    public void createTopic(String topic) {
        log.check("admin: create topic " + topic + ", route shows it", () -> {
            admin.createOrUpdateTopic(s.cluster(), TopicSettings.of(topic, QUEUES));
            TopicRouteView route = Waits.until("the route of " + topic, s.timeout(), () -> {
                try {
                    return Optional.of(admin.route(topic)).filter(r -> !r.queues().isEmpty());
                } catch (ClientException e) {
                    return Optional.empty(); // not registered with the name server yet
                }
            });
            int read = route.queues().stream().mapToInt(QueueInfo::readQueueNums).sum();
            int write = route.queues().stream().mapToInt(QueueInfo::writeQueueNums).sum();
            expect(read == QUEUES && write == QUEUES, "route has " + read + " read / " + write + " write queues");
            expect(route.queues().stream().allMatch(q -> q.perm() == 6), "perm " + route.queues());
            expect(route.brokers().stream().anyMatch(b -> b.masterAddr() != null), "no master in " + route.brokers());
            expect(admin.topics().contains(topic), "topic list lacks " + topic);
            return read + " queues on " + route.brokers().size() + " broker group(s), in the topic list";
        });
    }

    /** Lookups of the messages {@link MessagingChecks} sent, and the push group's progress. */
    public void lookups(String topic, MessagingChecks messaging) {
        SendResult sync = messaging.syncResult();
        log.check("admin: lookup by key (QUERY_MESSAGE)", () -> {
            expect(sync != null, "the sync send failed");
            long now = System.currentTimeMillis();
            MessageExt found = Waits.until("key " + messaging.syncKeys() + " in the index", s.timeout(), () ->
                    admin.queryByKey(topic, messaging.syncKeys(), 32, now - 3_600_000, now + 3_600_000).stream()
                            .findFirst());
            expect(sync.msgId().equals(found.getMsgId()), "found msgId " + found.getMsgId());
            return "msgId " + found.getMsgId();
        });
        log.check("admin: lookup by unique id", () -> {
            expect(sync != null, "the sync send failed");
            MessageExt found = Waits.until("msgId " + sync.msgId(), s.timeout(),
                    () -> admin.viewMessageByUniqueId(topic, sync.msgId()));
            expect(messaging.syncKeys().equals(found.getKeys()), "found keys " + found.getKeys());
            return "keys " + found.getKeys();
        });
        log.check("admin: view by offsetMsgId (VIEW_MESSAGE_BY_ID)", () -> {
            expect(sync != null, "the sync send failed");
            MessageExt found = admin.viewMessage(sync.offsetMsgId());
            expect(sync.msgId().equals(found.getMsgId()), "found msgId " + found.getMsgId());
            expect(found.getQueueOffset() == sync.queueOffset(), "queue offset " + found.getQueueOffset());
            return "commit-log offset " + found.getCommitLogOffset();
        });
        log.check("admin: queue min/max offsets", () -> {
            TopicRouteView route = admin.route(topic);
            long total = 0;
            for (QueueInfo q : route.queues()) {
                for (int id = 0; id < q.writeQueueNums(); id++) {
                    MessageQueue mq = new MessageQueue(topic, q.brokerName(), id);
                    expect(admin.minOffset(mq) == 0, mq + " min offset " + admin.minOffset(mq));
                    total += admin.maxOffset(mq);
                }
            }
            expect(total == messaging.storedCount(), "max offsets add up to " + total + ", sent "
                    + messaging.storedCount());
            return total + " messages over the queues";
        });
        log.check("admin: consumer progress of the push group (GET_CONSUME_STATS)", () -> {
            ConsumeStats stats = Waits.until("lag 0", s.timeout(), () ->
                    Optional.of(admin.consumeStats(messaging.pushGroup(), topic)).filter(st -> st.totalLag() == 0
                            && !st.offsets().isEmpty()));
            long consumed = stats.offsets().values().stream().mapToLong(p -> p.consumerOffset()).sum();
            expect(consumed == messaging.storedCount(), "consumer offsets add up to " + consumed);
            List<MessageQueue> queues = List.copyOf(stats.offsets().keySet());
            return queues.size() + " queues, lag 0";
        });
    }

    /** Deletes {@code topic} from the cluster and the name servers; its route must be gone. */
    public void deleteTopic(String topic) {
        log.check("admin: delete topic " + topic + ", route gone", () -> {
            admin.deleteTopic(s.cluster(), topic);
            int code = Waits.until("the route of " + topic + " to disappear", s.timeout(), () -> {
                try {
                    admin.route(topic);
                    return Optional.empty();
                } catch (ClientException e) {
                    return Optional.of(e.responseCode());
                }
            });
            expect(code == 17, "route lookup failed with code " + code + ", expected 17 (TOPIC_NOT_EXIST)");
            expect(!admin.topics().contains(topic), "still in the topic list");
            return "route lookup answers code 17";
        });
    }
}
