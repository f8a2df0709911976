package io.ferrymq.bench.mq;

import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.internal.ClientInstance;
import io.ferrymq.client.internal.TopicRoute;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageId;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.common.message.MessageSysFlag;
import io.ferrymq.common.message.UniqueIdGenerator;
import io.ferrymq.remoting.RequestProcessor;
import io.ferrymq.remoting.exception.RemotingException;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code tx}: {@code --threads} threads each send a half message (SEND_MESSAGE_V2, prepared type) and,
 * once it is stored, end it (END_TRANSACTION, oneway, as the official client does): commit, or, for a
 * {@code --unknown-ratio} fraction, UNKNOW, which the broker's check-back resolves later (half of those
 * answered commit, half rollback). A transaction counts when its half message was acknowledged and its
 * end written; afterwards the committed messages are counted in the topic, and a consumer reads the topic
 * to verify that every committed transaction arrived exactly once and nothing else of the run did
 * (missing, duplicates, unexpected: all must be 0). Then, unless {@code --check-back-wait} is 0, one more
 * half message is left unresolved and the time until the broker's first CHECK_TRANSACTION_STATE for it is
 * measured (answered with a commit). With {@code --warmup S}, transactions run S seconds before the
 * measured phase (verified too, not counted in the rate). Plain remoting calls stand in for the SDK's
 * transactional producer.
 */
public final class TransactionWorkload implements Workload {
    private static final UniqueIdGenerator IDS = UniqueIdGenerator.createDefault();
    private static final int COMMIT = MessageSysFlag.TRANSACTION_COMMIT_TYPE;
    private static final Duration VISIBLE_WAIT = Duration.ofSeconds(20);
    /** Longest wait past transactionTimeOut for the check-backs of the UNKNOW transactions. */
    public static final Duration RESOLVE_PATIENCE = Duration.ofSeconds(60);
    private static final int LEDGER_CAPACITY = 8 << 20;
    private static final int UNKNOWN_STATE = MessageSysFlag.TRANSACTION_NOT_TYPE;
    private static final int ROLLBACK = MessageSysFlag.TRANSACTION_ROLLBACK_TYPE;

    @Override
    public String name() {
        return "tx";
    }

    @Override
    public String unit() {
        return "tx";
    }

    @Override
    public String latencyLabel() {
        return "half send + commit";
    }

    @Override
    public Report run(BenchSettings s, LoadMeter meter) throws Exception {
        ExecutorService checkExecutor = Executors.newSingleThreadExecutor(new DefaultThreadFactory("tx-check", true));
        try (ClientInstance client = new ClientInstance(ClientConfig.builder().namesrvAddr(s.namesrv()).build())) {
            NettyRemotingClient remoting = client.remoting();
            Map<String, Long> checkedAt = new ConcurrentHashMap<>();
            TxLedger ledger = new TxLedger(ThreadLocalRandom.current().nextLong(),
                    (int) Math.min(LEDGER_CAPACITY, s.maxMsgs()));
            remoting.registerProcessor(RequestCode.CHECK_TRANSACTION_STATE, checkBackAnswer(s.group(), checkedAt,
                    ledger), checkExecutor);
            ClusterAdmin admin = new ClusterAdmin(remoting, s.namesrv());
            TopicRoute route = admin.ensureTopic(s.topic(), s.queues(), ProduceWorkload.TOPIC_WAIT);
            client.route(s.topic()); // the heartbeat goes to the brokers of cached routes
            try (Producer registration = Producer.builder(s.group()).clientInstance(client).build()) {
                long[] starts = new long[route.readQueues().size()];
                for (int q = 0; q < starts.length; q++) {
                    MessageQueue mq = route.readQueues().get(q);
                    starts[q] = admin.maxOffset(route.masterAddr(mq.brokerName()), mq);
                }
                long startTotal = admin.totalMaxOffset(route);
                byte[] body = Payloads.filler(s.size());
                AtomicInteger roundRobin = new AtomicInteger();
                AtomicReference<String> firstError = new AtomicReference<>();
                AtomicLong committedAtOnce = new AtomicLong();
                if (!s.warmup().isZero()) {
                    LoadMeter warm = new LoadMeter(s.warmup(), Long.MAX_VALUE, "tx", null);
                    warm.start();
                    runTransactions(remoting, route, s, body, ledger, warm, roundRobin, firstError, committedAtOnce);
                    warm.stop();
                    Polls.until(() -> admin.totalMaxOffset(route) - startTotal >= committedAtOnce.get(), VISIBLE_WAIT, 10);
                }
                long before = admin.totalMaxOffset(route);
                long warmCommitted = committedAtOnce.get();
                meter.start();
                runTransactions(remoting, route, s, body, ledger, meter, roundRobin, firstError, committedAtOnce);
                double seconds = meter.stop();
                long visibleStart = System.nanoTime();
                long measuredCommits = committedAtOnce.get() - warmCommitted;
                Polls.until(() -> admin.totalMaxOffset(route) - before >= measuredCommits, VISIBLE_WAIT, 50);
                long committed = admin.totalMaxOffset(route) - before;
                double visibleWait = (System.nanoTime() - visibleStart) / 1e9;
                Report report = new Report(this, meter, seconds).with("committed_in_topic", committed)
                        .with("committed_tx_per_s", Math.round(committed / (seconds + visibleWait) * 10) / 10.0);
                verify(remoting, route, s, ledger, starts, report);
                if (firstError.get() != null) {
                    report.with("first_error", firstError.get());
                }
                if (!s.checkBackWait().isZero()) {
                    measureCheckBack(remoting, route, s, body, checkedAt, report);
                }
                return report;
            }
        } finally {
            checkExecutor.shutdownNow();
        }
    }

    private record Half(String brokerAddr, RemotingCommand response, String uniqKey) {
    }

    /** {@code s.threads()} threads run transactions until {@code meter} says stop. */
    private static void runTransactions(NettyRemotingClient remoting, TopicRoute route, BenchSettings s, byte[] body,
                                        TxLedger ledger, LoadMeter meter, AtomicInteger roundRobin,
                                        AtomicReference<String> firstError, AtomicLong committedAtOnce)
            throws Exception {
        LoadThreads.runAll("tx", s.threads(), i -> {
            int n;
            while (meter.claim() && (n = ledger.claim()) >= 0) {
                long t0 = System.nanoTime();
                String uniqKey = IDS.next();
                try {
                    Half half = sendHalf(remoting, route, s, Payloads.stamped(body, ledger.marker(), n), roundRobin,
                            uniqKey);
                    boolean unknown = TxLedger.answeredUnknown(n, s.unknownRatio());
                    if (unknown) {
                        ledger.unknown(n, uniqKey);
                    } else {
                        ledger.committed(n);
                    }
                    endTransaction(remoting, half.brokerAddr(), s.group(), half.response(), half.uniqKey(),
                            unknown ? UNKNOWN_STATE : COMMIT);
                    if (!unknown) {
                        committedAtOnce.incrementAndGet();
                    }
                    meter.success(System.nanoTime() - t0);
                } catch (ClientException | RemotingException e) {
                    ledger.failed(uniqKey);
                    meter.error();
                    firstError.compareAndSet(null, e.getMessage());
                }
            }
        }, s.duration().plus(ProduceWorkload.STOP_PATIENCE));
    }

    /**
     * Waits for the check-backs of the UNKNOW transactions, then reads the run's part of the topic and
     * reports what arrived against what was decided.
     */
    private static void verify(NettyRemotingClient remoting, TopicRoute route, BenchSettings s, TxLedger ledger,
                               long[] starts, Report report) throws InterruptedException {
        Polls.until(() -> ledger.unknownAnswered() >= ledger.unknownCount(), s.txTimeout().plus(RESOLVE_PATIENCE), 20);
        // A commit answered at check-back is stored moments after the answer: wait until the run's part of
        // the topic holds every committed transaction (more would be duplicates, which the check reports).
        ClusterAdmin admin = new ClusterAdmin(remoting, s.namesrv());
        long expected = ledger.verdict().committed();
        Polls.until(() -> storedSince(admin, route, starts) >= expected, VISIBLE_WAIT, 20);
        String group = s.group() + "_verify_" + System.currentTimeMillis();
        long subVersion = System.currentTimeMillis();
        for (int q = 0; q < starts.length; q++) {
            MessageQueue mq = route.readQueues().get(q);
            String addr = route.masterAddr(mq.brokerName());
            long end = admin.maxOffset(addr, mq);
            QueuePuller puller = new QueuePuller(remoting, addr, mq, group, starts[q], subVersion);
            long readDeadline = System.nanoTime() + VISIBLE_WAIT.toNanos();
            while (puller.offset() < end && System.nanoTime() - readDeadline < 0) {
                puller.pull(0, (buf, pos) -> ledger.arrived(buf, MessageRecord.bodyPosition(buf, pos),
                        MessageRecord.bodyLength(buf, pos)));
            }
        }
        TxLedger.Verdict v = ledger.verdict();
        report.with("unknown_resolved_by_check", ledger.unknownAnswered() + " of " + ledger.unknownCount())
                .with("verified_committed", v.committed()).with("verified_rolled_back", v.rolledBack())
                .with("missing", v.missing()).with("duplicates", v.duplicates()).with("unexpected", v.unexpected())
                .with("verification", v.clean() ? "ok" : "FAILED");
    }

    /** Messages stored in the topic's queues since {@code starts}. */
    private static long storedSince(ClusterAdmin admin, TopicRoute route, long[] starts) {
        long n = 0;
        for (int q = 0; q < starts.length; q++) {
            MessageQueue mq = route.readQueues().get(q);
            n += admin.maxOffset(route.masterAddr(mq.brokerName()), mq) - starts[q];
        }
        return n;
    }

    private static Half sendHalf(NettyRemotingClient remoting, TopicRoute route, BenchSettings s, byte[] body,
                                 AtomicInteger roundRobin, String uniqKey) {
        MessageQueue q = route.writeQueues().get(Math.floorMod(roundRobin.getAndIncrement(),
                route.writeQueues().size()));
        String addr = route.masterAddr(q.brokerName());
        Map<String, String> props = new LinkedHashMap<>();
        props.put(MessageConst.TRAN_MSG, "true");
        props.put(MessageConst.PGROUP, s.group());
        props.put(MessageConst.UNIQ_KEY, uniqKey);
        RemotingCommand request = RemotingCommand.createRequest(RequestCode.SEND_MESSAGE_V2)
                .putExt("a", s.group()).putExt("b", s.topic()).putExt("c", "TBW102").putExt("d", 4)
                .putExt("e", q.queueId()).putExt("f", MessageSysFlag.TRANSACTION_PREPARED_TYPE)
                .putExt("g", System.currentTimeMillis()).putExt("h", 0).putExt("i", MessageProperties.encode(props))
                .putExt("j", 0).putExt("k", false).putExt("m", false).putExt("n", q.brokerName())
                .setBody(body);
        RemotingCommand response = remoting.invokeSync(addr, request, 3_000);
        if (response.getCode() != ResponseCode.SUCCESS) {
            throw new ClientException(response.getCode(), "half message to " + q + " failed (code "
                    + response.getCode() + "): " + response.getRemark());
        }
        return new Half(addr, response, uniqKey);
    }

    /** END_TRANSACTION (oneway) with {@code state} (commit or UNKNOW) for the half message {@code halfResponse} acknowledged. */
    private static void endTransaction(NettyRemotingClient remoting, String addr, String group,
                                       RemotingCommand halfResponse, String uniqKey, int state) {
        String offsetMsgId = halfResponse.requireExt("msgId");
        RemotingCommand end = RemotingCommand.createRequest(RequestCode.END_TRANSACTION)
                .putExt("producerGroup", group)
                .putExt("tranStateTableOffset", halfResponse.requireExt("queueOffset"))
                .putExt("commitLogOffset", MessageId.parse(offsetMsgId).offset())
                .putExt("commitOrRollback", state)
                .putExt("fromTransactionCheck", false)
                .putExt("msgId", uniqKey)
                .putExt("transactionId", uniqKey)
                .markOneway();
        remoting.invokeOneway(addr, end, 3_000);
    }

    /**
     * Records when each transaction was first checked and answers the check: the ledger's decision for
     * an UNKNOW transaction, rollback for a half message that was not acknowledged, commit otherwise.
     */
    private static RequestProcessor checkBackAnswer(String group, Map<String, Long> checkedAt, TxLedger ledger) {
        return (ctx, request) -> {
            long now = System.nanoTime();
            String uniqKey = request.ext("transactionId") != null ? request.ext("transactionId") : request.ext("msgId");
            if (uniqKey != null) {
                checkedAt.putIfAbsent(uniqKey, now);
            }
            RemotingCommand end = RemotingCommand.createRequest(RequestCode.END_TRANSACTION)
                    .putExt("producerGroup", group)
                    .putExt("tranStateTableOffset", request.requireExt("tranStateTableOffset"))
                    .putExt("commitLogOffset", request.requireExt("commitLogOffset"))
                    .putExt("commitOrRollback", ledger.commitOnCheck(uniqKey) ? COMMIT : ROLLBACK)
                    .putExt("fromTransactionCheck", true)
                    .putExt("msgId", request.ext("msgId"))
                    .putExt("transactionId", uniqKey)
                    .markOneway();
            ctx.channel().writeAndFlush(end);
            return null;
        };
    }

    private static void measureCheckBack(NettyRemotingClient remoting, TopicRoute route, BenchSettings s, byte[] body,
                                         Map<String, Long> checkedAt, Report report) throws InterruptedException {
        long sentAt = System.nanoTime();
        Half half = sendHalf(remoting, route, s, body, new AtomicInteger(), IDS.next());
        Polls.until(() -> checkedAt.containsKey(half.uniqKey()), s.checkBackWait(), 5);
        Long checked = checkedAt.get(half.uniqKey());
        if (checked == null) {
            report.with("check_back_after_ms", "none within " + s.checkBackWait().toSeconds() + " s");
            return;
        }
        double afterMs = (checked - sentAt) / 1e6;
        report.with("check_back_after_ms", Math.round(afterMs * 10) / 10.0)
                .with("check_back_delay_past_timeout_ms", Math.round((afterMs - s.txTimeout().toMillis()) * 10) / 10.0);
    }
}
