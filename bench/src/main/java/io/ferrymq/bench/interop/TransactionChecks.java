package io.ferrymq.bench.interop;

import static io.ferrymq.bench.interop.CheckLog.expect;

import io.ferrymq.client.consumer.ConsumeFromWhere;
import io.ferrymq.client.consumer.ConsumeResult;
import io.ferrymq.client.consumer.PushConsumer;
import io.ferrymq.client.producer.LocalTransactionState;
import io.ferrymq.client.producer.MessageView;
import io.ferrymq.client.producer.TransactionListener;
import io.ferrymq.client.producer.TransactionProducer;
import io.ferrymq.client.producer.TransactionSendResult;
import io.ferrymq.common.message.Message;
import io.ferrymq.common.message.MessageExt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transactional producer against the broker's half-message store: a committed, a rolled-back, and
 * an UNKNOWN transaction the broker checks back and the listener then commits. A broker may also check
 * back a transaction that was already decided (Apache RocketMQ 5 writes its op records in batches, every
 * {@code transactionOpBatchInterval}): the listener answers every check-back from the outcome it
 * recorded, as an application answers from its database.
 */
public final class TransactionChecks {
    private final InteropSettings s;
    private final CheckLog log;
    private final String topic;
    /** Check-backs received, by transaction id (the last one of each). */
    private final Map<String, MessageView> checks = new ConcurrentHashMap<>();
    /** What each local transaction decided, by transaction id: the listener's "database". */
    private final Map<String, LocalTransactionState> outcomes = new ConcurrentHashMap<>();

    public TransactionChecks(InteropSettings s, CheckLog log, String topic) {
        this.s = s;
        this.log = log;
        this.topic = topic;
    }

    /**
     * Runs the local transaction as the send's argument says and records the outcome; a check-back gets
     * the recorded outcome, and an undecided transaction is decided COMMIT by its first check-back.
     */
    private final class Listener implements TransactionListener {
        @Override
        public LocalTransactionState execute(Message msg, Object arg) {
            LocalTransactionState state = (LocalTransactionState) arg;
            outcomes.put(msg.getUniqKey(), state);
            return state;
        }

        @Override
        public LocalTransactionState check(MessageView msg) {
            checks.put(msg.transactionId(), msg);
            return outcomes.compute(msg.transactionId(), (id, decided) ->
                    decided == null || decided == LocalTransactionState.UNKNOWN ? LocalTransactionState.COMMIT : decided);
        }
    }

    private Message message(String what) {
        Message m = new Message(topic, "tx", what + "-" + s.run(), (what + " transaction").getBytes(StandardCharsets.UTF_8));
        m.putProperty(MessagingChecks.RUN, s.run());
        return m;
    }

    public void run() {
        Inbox delivered = new Inbox();
        String group = s.name("InteropTxProducer");
        try (PushConsumer consumer = PushConsumer.builder(s.name("InteropTxConsumer")).namesrvAddr(s.namesrv())
                .subscribe(topic, "*").consumeFromWhere(ConsumeFromWhere.FIRST_OFFSET)
                .pollTimeout(Duration.ofSeconds(2))
                .listener(m -> {
                    delivered.add(m);
                    return ConsumeResult.SUCCESS;
                }).build();
             TransactionProducer producer = TransactionProducer.builder(group).namesrvAddr(s.namesrv())
                     .listener(new Listener()).topics(topic).build()) {
            TransactionSendResult[] rolledBack = new TransactionSendResult[1];
            log.check("transaction producer: rollback (half message stored, END_TRANSACTION rollback)", () -> {
                rolledBack[0] = producer.send(message("rollback"), LocalTransactionState.ROLLBACK);
                expect(rolledBack[0].state() == LocalTransactionState.ROLLBACK, "state " + rolledBack[0].state());
                return "msgId " + rolledBack[0].msgId();
            });
            log.check("transaction producer: commit delivered", () -> {
                TransactionSendResult r = producer.send(message("commit"), LocalTransactionState.COMMIT);
                expect(r.state() == LocalTransactionState.COMMIT, "state " + r.state());
                expect(delivered.await(List.of("commit-" + s.run()), s.timeout()).isEmpty(), "not delivered");
                MessageExt got = delivered.get("commit-" + s.run()).get(0);
                expect(r.msgId().equals(got.getMsgId()), "delivered msgId " + got.getMsgId() + ", sent " + r.msgId());
                expect(topic.equals(got.getTopic()) && "tx".equals(got.getTags()), "topic/tags " + got.getTopic() + "/"
                        + got.getTags());
                expect(s.run().equals(got.getProperty(MessagingChecks.RUN)), "user property lost");
                return "msgId " + r.msgId();
            });
            log.check("transaction producer: UNKNOWN, check-back answered COMMIT, then delivered", () -> {
                long sentAt = System.nanoTime();
                TransactionSendResult r = producer.send(message("unknown"), LocalTransactionState.UNKNOWN);
                expect(r.state() == LocalTransactionState.UNKNOWN, "state " + r.state());
                expect(delivered.await(List.of("unknown-" + s.run()), s.checkBackTimeout()).isEmpty(),
                        "not delivered within " + s.checkBackTimeout().toSeconds() + " s; check-backs seen: " + checks.keySet());
                long millis = (System.nanoTime() - sentAt) / 1_000_000;
                MessageView view = checks.get(r.msgId());
                expect(view != null, "delivered without a check-back reaching the listener");
                expect(topic.equals(view.topic()), "check-back names topic " + view.topic());
                expect(("unknown-" + s.run()).equals(view.keys()), "check-back names keys " + view.keys());
                expect(view.checkTimes() >= 1, "check-back's checkTimes " + view.checkTimes());
                expect(s.run().equals(view.property(MessagingChecks.RUN)), "check-back lost the user property");
                MessageExt got = delivered.get("unknown-" + s.run()).get(0);
                expect(r.msgId().equals(got.getMsgId()), "delivered msgId " + got.getMsgId() + ", sent " + r.msgId());
                return "check-back #" + view.checkTimes() + ", delivered " + millis + " ms after the send";
            });
            log.check("transaction producer: rolled-back message never delivered", () -> {
                expect(rolledBack[0] != null, "the rollback send failed");
                expect(!delivered.has("rollback-" + s.run()), "the rolled-back message was delivered");
                String asked = checks.containsKey(rolledBack[0].msgId())
                        ? "checked back once decided, answered ROLLBACK" : "never checked back";
                return asked + "; the committed message was delivered " + delivered.get("commit-" + s.run()).size()
                        + " time(s)";
            });
        }
    }
}
