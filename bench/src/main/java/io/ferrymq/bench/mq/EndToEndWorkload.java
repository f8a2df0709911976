package io.ferrymq.bench.mq;

import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.internal.ClientInstance;
import io.ferrymq.client.internal.TopicRoute;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.common.message.Message;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.remoting.exception.RemotingException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code e2e}: one pacing thread sends {@code --rate} messages a second (asynchronously, so the pace
 * does not depend on the answers), each body carrying a run marker and {@code System.nanoTime()} at
 * send; long-polling pull loops (one per queue, starting at the end of the queue) take them back in the
 * same process. Latency is receive time minus send time; the count is messages received. With
 * {@code --warmup S}, the first S seconds are sent with another marker and not measured.
 */
public final class EndToEndWorkload implements Workload {
    private static final long SUSPEND_MILLIS = 1_000;
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "e2e";
    }

    @Override
    public String latencyLabel() {
        return "end-to-end latency";
    }

    @Override
    public Report run(BenchSettings s, LoadMeter meter) throws Exception {
        try (ClientInstance client = new ClientInstance(ClientConfig.builder().namesrvAddr(s.namesrv()).build())) {
            ClusterAdmin admin = new ClusterAdmin(client.remoting(), s.namesrv());
            TopicRoute route = admin.ensureTopic(s.topic(), s.queues(), ProduceWorkload.TOPIC_WAIT);
            List<MessageQueue> queues = route.readQueues();
            long[] starts = new long[queues.size()];
            for (int i = 0; i < starts.length; i++) {
                starts[i] = admin.maxOffset(route.masterAddr(queues.get(i).brokerName()), queues.get(i));
            }
            long marker = ThreadLocalRandom.current().nextLong();
            long warmupMarker = marker + 1;
            String group = s.group() + "_e2e_" + System.currentTimeMillis();
            long subVersion = System.currentTimeMillis();
            AtomicLong sent = new AtomicLong();
            AtomicLong unanswered = new AtomicLong(); // async sends whose answer has not arrived yet
            AtomicLong foreign = new AtomicLong();
            AtomicLong stopReceivingAt = new AtomicLong(Long.MAX_VALUE);
            Thread receivers = new Thread(() -> {
                try {
                    LoadThreads.runAll("e2e-pull", queues.size(), i -> {
                        MessageQueue q = queues.get(i);
                        QueuePuller puller = new QueuePuller(client.remoting(), route.masterAddr(q.brokerName()), q,
                                group, starts[i], subVersion);
                        while (stopReceivingAt.get() == Long.MAX_VALUE || System.nanoTime() - stopReceivingAt.get() < 0) {
                            try {
                                puller.pull(SUSPEND_MILLIS, (buf, pos) -> {
                                    int body = MessageRecord.bodyPosition(buf, pos);
                                    boolean stamped = MessageRecord.bodyLength(buf, pos) >= Payloads.STAMP_LENGTH;
                                    if (stamped && buf.getLong(body) == marker) {
                                        meter.success(System.nanoTime() - buf.getLong(body + 8));
                                    } else if (!stamped || buf.getLong(body) != warmupMarker) {
                                        foreign.incrementAndGet();
                                    }
                                });
                            } catch (ClientException | RemotingException e) {
                                meter.error();
                            }
                        }
                    }, s.duration().plus(DRAIN_WAIT).plus(ProduceWorkload.STOP_PATIENCE));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "e2e-receivers");
            receivers.setDaemon(true);
            try (Producer producer = Producer.builder(s.group()).clientInstance(client).build()) {
                byte[] template = Payloads.filler(s.size());
                receivers.start();
                long period = TimeUnit.SECONDS.toNanos(1) / s.rate();
                long next = System.nanoTime();
                long warmupEnd = next + s.warmup().toNanos();
                while (next - warmupEnd < 0) {
                    next = waitForSlot(next, period);
                    producer.sendAsync(new Message(s.topic(), Payloads.stamped(template, warmupMarker, System.nanoTime())));
                }
                meter.start();
                while (meter.claim()) {
                    next = waitForSlot(next, period);
                    byte[] body = Payloads.stamped(template, marker, System.nanoTime());
                    unanswered.incrementAndGet();
                    producer.sendAsync(new Message(s.topic(), body)).whenComplete((r, e) -> {
                        if (e != null) {
                            meter.error();
                        } else {
                            sent.incrementAndGet();
                        }
                        unanswered.decrementAndGet(); // last: the drain below reads it before sent
                    });
                }
                Polls.until(() -> unanswered.get() == 0 && meter.succeeded() >= sent.get(), DRAIN_WAIT, 10);
                double seconds = meter.stop();
                stopReceivingAt.set(System.nanoTime());
                receivers.join(TimeUnit.SECONDS.toMillis(SUSPEND_MILLIS / 1000 + 10));
                return new Report(this, meter, seconds).with("target_rate", s.rate()).with("sent_ok", sent.get())
                        .with("lost", Math.max(0, sent.get() - meter.succeeded()))
                        .with("foreign_messages", foreign.get());
            }
        }
    }

    /** Parks until the send slot {@code next} (nanoTime) comes; returns the slot after it. */
    private static long waitForSlot(long next, long period) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        return next + period;
    }
}
