package io.ferrymq.bench.interop;

import static io.ferrymq.bench.interop.CheckLog.expect;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.ConsumeResult;
import io.ferrymq.client.consumer.PullConsumer;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.client.producer.SendStatus;
import io.ferrymq.common.message.Message;
import io.ferrymq.common.message.MessageExt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Producer sends (sync, async, oneway) and their delivery to a push consumer and to pull consumers,
 * with tags, keys, user properties and ids intact. Every message carries the run id in a property.
 */
public final class MessagingChecks {
    static final String COLOR = "color";
    static final String RUN = "interop-run";

    private final InteropSettings s;
    private final CheckLog log;
    private final String topic;
    /** What was sent, by keys: the tag, and the send result (null for oneway). */
    private final Map<String, Sent> sent = new LinkedHashMap<>();

    /** One sent message. */
    record Sent(String keys, String tags, String color, SendResult result) {
    }

    public MessagingChecks(InteropSettings s, CheckLog log, String topic) {
        this.s = s;
        this.log = log;
        this.topic = topic;
    }

    /** The push consumer's group, whose progress the admin checks read. */
    public String pushGroup() {
        return s.name("InteropPush");
    }

    /** The sync send's result, or null when it failed. */
    public SendResult syncResult() {
        Sent sync = sent.get(key("sync"));
        return sync == null ? null : sync.result();
    }

    public String syncKeys() {
        return key("sync");
    }

    /** The keys of every message stored in the topic by this run. */
    public List<String> sentKeys() {
        return List.copyOf(sent.keySet());
    }

    /** Messages stored in the topic by this run (the filtered one included). */
    public int storedCount() {
        return sent.size();
    }

    private String key(String what) {
        return what + "-" + s.run();
    }

    private Message message(String what, String tags, String color) {
        Message m = new Message(topic, tags, key(what), (what + " body of run " + s.run()).getBytes(StandardCharsets.UTF_8));
        m.putProperty(COLOR, color);
        m.putProperty(RUN, s.run());
        return m;
    }

    public void run() throws InterruptedException {
        Inbox pushed = new Inbox();
        try (PushConsumer push = PushConsumer.builder(pushGroup()).namesrvAddr(s.namesrv())
                .subscribe(topic, "TagA || TagC").consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET)
                .pollTimeout(Duration.ofSeconds(2)).persistInterval(Duration.ofSeconds(1))
                .listener(m -> {
                    pushed.add(m);
                    return ConsumeResult.SUCCESS;
                }).build();
             Producer producer = Producer.builder(s.name("InteropProducer")).namesrvAddr(s.namesrv()).build()) {
            sends(producer);
            log.check("push consumer: sync, async and oneway messages arrive with tags, keys, properties", () -> {
                List<String> keys = List.of(key("sync"), key("async"), key("oneway"));
                List<String> missing = pushed.await(keys, s.timeout());
                expect(missing.isEmpty(), "not received: " + missing);
                for (String k : keys) {
                    verify(pushed.get(k).get(0), sent.get(k));
                }
                return "group " + pushGroup() + ", " + keys.size() + " messages";
            });
            tagFilter(pushed);
        }
        pullAssigned();
        pullSubscribed();
    }

    private void sends(Producer producer) {
        log.check("producer: sync send", () -> {
            Message m = message("sync", "TagA", "blue");
            SendResult r = producer.send(m);
            checkResult(r, m);
            sent.put(key("sync"), new Sent(key("sync"), "TagA", "blue", r));
            return r.queue() + " offset " + r.queueOffset() + ", msgId " + r.msgId();
        });
        log.check("producer: async send", () -> {
            Message m = message("async", "TagC", "green");
            SendResult r = producer.sendAsync(m).get(s.timeout().toMillis(), TimeUnit.MILLISECONDS);
            checkResult(r, m);
            sent.put(key("async"), new Sent(key("async"), "TagC", "green", r));
            return r.queue() + " offset " + r.queueOffset();
        });
        log.check("producer: oneway send", () -> {
            Message m = message("oneway", "TagA", "red");
            producer.sendOneway(m);
            sent.put(key("oneway"), new Sent(key("oneway"), "TagA", "red", null));
            return "msgId " + m.getUniqKey();
        });
    }

    private static void checkResult(SendResult r, Message m) {
        expect(r.status() == SendStatus.SEND_OK, "status " + r.status());
        expect(m.getUniqKey().equals(r.msgId()), "msgId " + r.msgId() + " is not the message's UNIQ_KEY " + m.getUniqKey());
        expect(r.offsetMsgId() != null && r.offsetMsgId().matches("[0-9A-F]{32}"), "offsetMsgId " + r.offsetMsgId());
        expect(r.queueOffset() >= 0, "queueOffset " + r.queueOffset());
    }

    private void verify(MessageExt got, Sent expected) {
        String what = expected.keys() + ": ";
        expect(topic.equals(got.getTopic()), what + "topic " + got.getTopic());
        expect(expected.tags().equals(got.getTags()), what + "tags " + got.getTags());
        expect(expected.keys().equals(got.getKeys()), what + "keys " + got.getKeys());
        expect(expected.color().equals(got.getProperty(COLOR)), what + "property color=" + got.getProperty(COLOR));
        expect(s.run().equals(got.getProperty(RUN)), what + "property " + RUN + "=" + got.getProperty(RUN));
        String body = new String(got.getBody(), StandardCharsets.UTF_8);
        expect(body.startsWith(expected.keys().substring(0, expected.keys().indexOf('-'))), what + "body " + body);
        if (expected.result() != null) {
            expect(expected.result().msgId().equals(got.getMsgId()), what + "msgId " + got.getMsgId() + ", sent as "
                    + expected.result().msgId());
            expect(expected.result().queueOffset() == got.getQueueOffset(), what + "queue offset " + got.getQueueOffset()
                    + ", sent at " + expected.result().queueOffset());
        }
        expect(got.getReconsumeTimes() == 0, what + "reconsumeTimes " + got.getReconsumeTimes());
        expect(got.getBornTimestamp() > 0 && got.getStoreTimestamp() > 0, what + "timestamps missing");
    }

    /**
     * A TagB message then a TagA marker into the same queue: once the marker arrived, the TagB message
     * (at a lower offset of that queue) would have arrived too had the filter let it through.
     */
    private void tagFilter(Inbox pushed) {
        log.check("push consumer: tag filter (TagB not delivered to a \"TagA || TagC\" subscription)", () -> {
            try (Producer toFirstQueue = Producer.builder(s.name("InteropOrdered")).namesrvAddr(s.namesrv())
                    .queueSelector((queues, msg) -> queues.get(0)).build()) {
                SendResult filtered = toFirstQueue.send(message("filtered", "TagB", "grey"));
                sent.put(key("filtered"), new Sent(key("filtered"), "TagB", "grey", filtered));
                SendResult marker = toFirstQueue.send(message("marker", "TagA", "white"));
                sent.put(key("marker"), new Sent(key("marker"), "TagA", "white", marker));
                expect(filtered.queue().equals(marker.queue()), "marker went to " + marker.queue());
            }
            List<String> missing = pushed.await(List.of(key("marker")), s.timeout());
            expect(missing.isEmpty(), "the TagA marker did not arrive");
            expect(!pushed.has(key("filtered")), "the TagB message was delivered");
            return "marker received, TagB message not";
        });
    }

    private void pullAssigned() {
        log.check("pull consumer (assign, seekToBeginning, poll, commit)", () -> {
            try (PullConsumer pull = PullConsumer.builder(s.name("InteropPullAssign")).namesrvAddr(s.namesrv())
                    .pollTimeout(Duration.ofSeconds(2)).autoCommit(false, Duration.ofSeconds(5)).build()) {
                List<MessageQueue> queues = pull.queuesOf(topic);
                expect(!queues.isEmpty(), "no readable queue");
                pull.assign(queues);
                for (MessageQueue q : queues) {
                    pull.seekToBeginning(q);
                }
                Inbox polled = poll(pull);
                verifyAll(polled);
                pull.commit();
                List<String> wrong = new ArrayList<>();
                for (MessageQueue q : queues) {
                    long committed = pull.committed(q);
                    if (committed != pull.position(q)) {
                        wrong.add(q.queueId() + ": committed " + committed + ", position " + pull.position(q));
                    }
                }
                expect(wrong.isEmpty(), "committed offsets differ from positions: " + wrong);
                return queues.size() + " queues, " + sent.size() + " messages, offsets committed";
            }
        });
    }

    private void pullSubscribed() {
        log.check("pull consumer (subscribe, group rebalance, poll)", () -> {
            try (PullConsumer pull = PullConsumer.builder(s.name("InteropPullSub")).namesrvAddr(s.namesrv())
                    .consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET).pollTimeout(Duration.ofSeconds(2)).build()) {
                pull.subscribe(topic, "*");
                Inbox polled = poll(pull);
                verifyAll(polled);
                return pull.assignment().size() + " queues assigned";
            }
        });
    }

    /** Polls until every sent message came (a pull consumer filters nothing with "*" and assign). */
    private Inbox poll(PullConsumer pull) throws InterruptedException {
        Inbox polled = new Inbox();
        long deadline = System.nanoTime() + s.timeout().toNanos();
        while (System.nanoTime() - deadline < 0 && !sent.keySet().stream().allMatch(polled::has)) {
            polled.addAll(pull.poll(Duration.ofMillis(500)));
        }
        return polled;
    }

    private void verifyAll(Inbox polled) {
        List<String> missing = new ArrayList<>();
        for (Sent m : sent.values()) {
            if (!polled.has(m.keys())) {
                missing.add(m.keys());
            } else {
                verify(polled.get(m.keys()).get(0), m);
            }
        }
        expect(missing.isEmpty(), "not polled: " + missing + " of " + Arrays.toString(sent.keySet().toArray()));
    }
}
