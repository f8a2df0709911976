package io.ferrymq.bench.interop;

import static io.ferrymq.bench.interop.CheckLog.expect;

import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.ConsumeResult;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.client.producer.SendResult;
import io.ferrymq.common.message.Message;
import io.ferrymq.common.message.MessageExt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Consumer behaviour that needs the broker's help: a failed message sent back (CONSUMER_SEND_MSG_BACK)
 * and redelivered through the group's retry topic, an orderly consumer (queue locks), and a delayed
 * message. Runs on the topic {@link MessagingChecks} filled.
 */
public final class ConsumerBehaviourChecks {
    /** The broker's first retry waits for delay level 3 (10 s in RocketMQ's default table). */
    private static final Duration RETRY_ALLOWANCE = Duration.ofSeconds(20);

    private final InteropSettings s;
    private final CheckLog log;
    private final String topic;
    private final MessagingChecks messaging;

    public ConsumerBehaviourChecks(InteropSettings s, CheckLog log, String topic, MessagingChecks messaging) {
        this.s = s;
        this.log = log;
        this.topic = topic;
        this.messaging = messaging;
    }

    public void run() {
        retry();
        orderly();
        delay();
    }

    private void retry() {
        log.check("push consumer: RECONSUME_LATER sends the message back, redelivered with reconsumeTimes 1", () -> {
            Inbox got = new Inbox();
            String failing = messaging.syncKeys();
            try (PushConsumer consumer = PushConsumer.builder(s.name("InteropRetry")).namesrvAddr(s.namesrv())
                    .subscribe(topic, "*").consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET)
                    .pollTimeout(Duration.ofSeconds(2))
                    .listener(m -> {
                        got.add(m);
                        return failing.equals(m.getKeys()) && m.getReconsumeTimes() == 0
                                ? ConsumeResult.RECONSUME_LATER : ConsumeResult.SUCCESS;
                    }).build()) {
                long deadline = System.nanoTime() + s.timeout().plus(RETRY_ALLOWANCE).toNanos();
                while (got.get(failing).size() < 2 && System.nanoTime() - deadline < 0) {
                    Thread.sleep(50);
                }
            }
            List<MessageExt> deliveries = got.get(failing);
            expect(deliveries.size() >= 2, "delivered " + deliveries.size() + " time(s), expected a redelivery");
            MessageExt first = deliveries.get(0);
            MessageExt again = deliveries.get(1);
            expect(again.getReconsumeTimes() == 1, "redelivery's reconsumeTimes " + again.getReconsumeTimes());
            expect(topic.equals(again.getTopic()), "redelivery's topic " + again.getTopic());
            expect(first.getMsgId().equals(again.getMsgId()), "redelivery's msgId " + again.getMsgId()
                    + ", first " + first.getMsgId());
            expect(s.run().equals(again.getProperty(MessagingChecks.RUN)), "redelivery lost the user property");
            expect("TagA".equals(again.getTags()), "redelivery's tags " + again.getTags());
            long afterMillis = again.getStoreTimestamp() - first.getStoreTimestamp();
            return "redelivered, stored " + afterMillis + " ms after the original";
        });
    }

    private void orderly() {
        log.check("push consumer (orderly): every message once per queue, in queue order", () -> {
            Inbox got = new Inbox();
            Map<Integer, List<Long>> offsets = new TreeMap<>();
            try (PushConsumer consumer = PushConsumer.builder(s.name("InteropOrderly")).namesrvAddr(s.namesrv())
                    .subscribe(topic, "*").consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET)
                    .pollTimeout(Duration.ofSeconds(2)).lockRenewInterval(Duration.ofSeconds(5))
                    .orderlyListener(m -> {
                        synchronized (offsets) {
                            offsets.computeIfAbsent(m.getQueueId(), q -> new ArrayList<>()).add(m.getQueueOffset());
                        }
                        got.add(m);
                        return ConsumeResult.SUCCESS;
                    }).build()) {
                List<String> missing = got.await(messaging.sentKeys(), s.timeout());
                expect(missing.isEmpty(), "not received: " + missing);
            }
            synchronized (offsets) {
                for (Map.Entry<Integer, List<Long>> e : offsets.entrySet()) {
                    List<Long> seen = e.getValue();
                    for (int i = 1; i < seen.size(); i++) {
                        expect(seen.get(i) > seen.get(i - 1), "queue " + e.getKey() + " out of order: " + seen);
                    }
                }
                return offsets.size() + " queues, offsets " + offsets;
            }
        });
    }

    private void delay() {
        log.check("producer: delay level 2 (5 s) delivered after the delay", () -> {
            Inbox got = new Inbox();
            String keys = "delayed-" + s.run();
            try (PushConsumer consumer = PushConsumer.builder(s.name("InteropDelay")).namesrvAddr(s.namesrv())
                    .subscribe(topic, "TagD").consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET)
                    .pollTimeout(Duration.ofSeconds(2))
                    .listener(m -> {
                        got.add(m);
                        return ConsumeResult.SUCCESS;
                    }).build();
                 Producer producer = Producer.builder(s.name("InteropDelayProducer")).namesrvAddr(s.namesrv()).build()) {
                Message m = new Message(topic, "TagD", keys, "delayed".getBytes(StandardCharsets.UTF_8));
                m.setDelayTimeLevel(2);
                SendResult sent = producer.send(m);
                long sentNanos = System.nanoTime();
                expect(got.await(List.of(keys), s.timeout().plusSeconds(5)).isEmpty(), "not delivered");
                long waitedMillis = (System.nanoTime() - sentNanos) / 1_000_000;
                MessageExt delivered = got.get(keys).get(0);
                expect(sent.msgId().equals(delivered.getMsgId()), "delivered msgId " + delivered.getMsgId());
                expect(topic.equals(delivered.getTopic()), "delivered to topic " + delivered.getTopic());
                long storedLater = delivered.getStoreTimestamp() - delivered.getBornTimestamp();
                expect(storedLater >= 4_000, "stored in the topic " + storedLater + " ms after it was sent");
                return "delivered " + waitedMillis + " ms after the send";
            }
        });
    }
}
