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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code tx}: {@code --threads} threads each send a half message (SEND_MESSAGE_V2, prepared type) and,
 * once it is stored, commit it (END_TRANSACTION, oneway, as the official client does). A transaction
 * counts when its half message was acknowledged and its commit written; afterwards the committed
 * messages are counted in the topic itself. Then, unless {@code --check-back-wait} is 0, one more half
 * message is left unresolved and the time until the broker's first CHECK_TRANSACTION_STATE for it is
 * measured (answered with a commit). Plain remoting calls stand in for the SDK's transactional producer.
 */
public final class TransactionWorkload implements Workload {
    private static final UniqueIdGenerator IDS = UniqueIdGenerator.createDefault();
    private static final int COMMIT = MessageSysFlag.TRANSACTION_COMMIT_TYPE;
    private static final Duration VISIBLE_WAIT = Duration.ofSeconds(20);

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
            remoting.registerProcessor(RequestCode.CHECK_TRANSACTION_STATE, checkBackAnswer(remoting, s.group(),
                    checkedAt), checkExecutor);
            ClusterAdmin admin = new ClusterAdmin(remoting, s.namesrv());
            TopicRoute route = admin.ensureTopic(s.topic(), s.queues(), ProduceWorkload.TOPIC_WAIT);
            client.route(s.topic()); // the heartbeat goes to the brokers of cached routes
            try (Producer registration = Producer.builder(s.group()).clientInstance(client).build()) {
                long before = admin.totalMaxOffset(route);
                byte[] body = Payloads.filler(s.size());
                AtomicInteger roundRobin = new AtomicInteger();
                AtomicReference<String> firstError = new AtomicReference<>();
                meter.start();
                LoadThreads.runAll("tx", s.threads(), i -> {
                    while (meter.claim()) {
                        long t0 = System.nanoTime();
                        try {
                            Half half = sendHalf(remoting, route, s, body, roundRobin);
                            endTransaction(remoting, half.brokerAddr(), s.group(), half.response(), half.uniqKey(),
                                    false);
                            meter.success(System.nanoTime() - t0);
                        } catch (ClientException | RemotingException e) {
                            meter.error();
                            firstError.compareAndSet(null, e.getMessage());
                        }
                    }
                }, s.duration().plus(ProduceWorkload.STOP_PATIENCE));
                double seconds = meter.stop();
                long visibleStart = System.nanoTime();
                long committed = admin.totalMaxOffset(route) - before;
                long deadline = visibleStart + VISIBLE_WAIT.toNanos();
                while (committed < meter.succeeded() && System.nanoTime() - deadline < 0) {
                    TimeUnit.MILLISECONDS.sleep(50); // polling the queues until every commit is stored
                    committed = admin.totalMaxOffset(route) - before;
                }
                double visibleWait = (System.nanoTime() - visibleStart) / 1e9;
                Report report = new Report(this, meter, seconds).with("committed_in_topic", committed)
                        .with("committed_tx_per_s", Math.round(committed / (seconds + visibleWait) * 10) / 10.0);
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

    private static Half sendHalf(NettyRemotingClient remoting, TopicRoute route, BenchSettings s, byte[] body,
                                 AtomicInteger roundRobin) {
        MessageQueue q = route.writeQueues().get(Math.floorMod(roundRobin.getAndIncrement(),
                route.writeQueues().size()));
        String addr = route.masterAddr(q.brokerName());
        String uniqKey = IDS.next();
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

    /** END_TRANSACTION (oneway) commit of the half message {@code halfResponse} acknowledged. */
    private static void endTransaction(NettyRemotingClient remoting, String addr, String group,
                                       RemotingCommand halfResponse, String uniqKey, boolean fromCheck) {
        String offsetMsgId = halfResponse.requireExt("msgId");
        RemotingCommand end = RemotingCommand.createRequest(RequestCode.END_TRANSACTION)
                .putExt("producerGroup", group)
                .putExt("tranStateTableOffset", halfResponse.requireExt("queueOffset"))
                .putExt("commitLogOffset", MessageId.parse(offsetMsgId).offset())
                .putExt("commitOrRollback", COMMIT)
                .putExt("fromTransactionCheck", fromCheck)
                .putExt("msgId", uniqKey)
                .putExt("transactionId", uniqKey)
                .markOneway();
        remoting.invokeOneway(addr, end, 3_000);
    }

    /** Records when each transaction was first checked and answers every check with a commit. */
    private static RequestProcessor checkBackAnswer(NettyRemotingClient remoting, String group,
                                                    Map<String, Long> checkedAt) {
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
                    .putExt("commitOrRollback", COMMIT)
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
        Half half = sendHalf(remoting, route, s, body, new AtomicInteger());
        long deadline = sentAt + s.checkBackWait().toNanos();
        Long checked = checkedAt.get(half.uniqKey());
        while (checked == null && System.nanoTime() - deadline < 0) {
            TimeUnit.MILLISECONDS.sleep(5); // polling for the broker's check-back
            checked = checkedAt.get(half.uniqKey());
        }
        if (checked == null) {
            report.with("check_back_after_ms", "none within " + s.checkBackWait().toSeconds() + " s");
            return;
        }
        double afterMs = (checked - sentAt) / 1e6;
        report.with("check_back_after_ms", Math.round(afterMs * 10) / 10.0)
                .with("check_back_delay_past_timeout_ms", Math.round((afterMs - s.txTimeout().toMillis()) * 10) / 10.0);
    }
}
