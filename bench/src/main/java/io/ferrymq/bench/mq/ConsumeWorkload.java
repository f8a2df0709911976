package io.ferrymq.bench.mq;

import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.internal.ClientInstance;
import io.ferrymq.client.internal.TopicRoute;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.common.message.Message;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * {@code consume}: preloads {@code --backlog} messages (32 sending threads, not measured), then a new
 * consumer group drains every queue from its first offset to the end seen after the preload, one pull
 * loop per queue. Measures messages drained per second; latency is each pull's round trip. With
 * {@code --warmup-drains N}, N throwaway groups drain the backlog first (not measured), so the figure
 * is the servers' and the client's steady state rather than their just-in-time compilation. With
 * {@code --drains N}, N new groups drain it one after another inside the measured phase: a warm drain of
 * 150 000 messages lasts about half a second, so one scheduling hiccup can move a single drain by a third;
 * {@code drain_rate_median} is the figure that does not depend on one.
 */
public final class ConsumeWorkload implements Workload {
    static final int PRELOAD_THREADS = 32;
    static final Duration PRELOAD_PATIENCE = Duration.ofMinutes(10);

    private final java.io.PrintStream progress;

    public ConsumeWorkload(java.io.PrintStream progress) {
        this.progress = progress;
    }

    @Override
    public String name() {
        return "consume";
    }

    @Override
    public String latencyLabel() {
        return "pull round trip";
    }

    @Override
    public Report run(BenchSettings s, LoadMeter meter) throws Exception {
        try (ClientInstance client = new ClientInstance(ClientConfig.builder().namesrvAddr(s.namesrv()).build())) {
            ClusterAdmin admin = new ClusterAdmin(client.remoting(), s.namesrv());
            TopicRoute route = admin.ensureTopic(s.topic(), s.queues(), ProduceWorkload.TOPIC_WAIT);
            long preloadSeconds = preload(s, client);
            List<MessageQueue> queues = route.readQueues();
            long[] ends = new long[queues.size()];
            long backlog = 0;
            for (int i = 0; i < ends.length; i++) {
                ends[i] = admin.maxOffset(route.masterAddr(queues.get(i).brokerName()), queues.get(i));
                backlog += ends[i];
            }
            progress.printf("backlog: %d messages in %d queues (preload took %d s); draining with a new group%n",
                    backlog, queues.size(), preloadSeconds);
            for (int w = 0; w < s.warmupDrains(); w++) {
                LoadMeter unmeasured = new LoadMeter(s.duration(), Long.MAX_VALUE, "msgs", null);
                unmeasured.start();
                drain(client, route, queues, ends, s.group() + "_warmup_" + w + "_" + System.currentTimeMillis(),
                        unmeasured, s);
                unmeasured.stop();
                progress.printf("warm-up drain %d: %d messages%n", w + 1, unmeasured.succeeded());
            }
            meter.start();
            double[] rates = new double[s.drains()];
            int done = 0;
            for (int d = 0; d < rates.length && !meter.expired(); d++, done++) {
                long before = meter.succeeded();
                long t0 = System.nanoTime();
                drain(client, route, queues, ends, s.group() + "_drain_" + d + "_" + System.currentTimeMillis(), meter,
                        s);
                rates[d] = (meter.succeeded() - before) / ((System.nanoTime() - t0) / 1e9);
                progress.printf(Locale.ROOT, "drain %d: %d messages, %.0f msgs/s%n", d + 1,
                        meter.succeeded() - before, rates[d]);
            }
            double seconds = meter.stop();
            rates = Arrays.copyOf(rates, done); // the duration may end the phase before every drain ran
            return new Report(this, meter, seconds).with("backlog", backlog)
                    .with("drains", done)
                    .with("drain_rates", Arrays.stream(rates).mapToObj(r -> String.format(Locale.ROOT, "%.0f", r))
                            .collect(Collectors.joining(" ")))
                    .with("drain_rate_median", Math.round(median(rates)))
                    .with("drained_all", done == s.drains() && meter.succeeded() >= backlog * done);
        }
    }

    /** The middle rate (the mean of the two middle ones for an even count); one slow drain does not move it. */
    static double median(double[] values) {
        if (values.length == 0) {
            return 0;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** One new group pulls every queue from offset 0 to {@code ends}, one loop per queue, counting on {@code meter}. */
    private static void drain(ClientInstance client, TopicRoute route, List<MessageQueue> queues, long[] ends,
                              String group, LoadMeter meter, BenchSettings s) throws Exception {
        long subVersion = System.currentTimeMillis();
        LoadThreads.runAll("consume", queues.size(), i -> {
            MessageQueue q = queues.get(i);
            QueuePuller puller = new QueuePuller(client.remoting(), route.masterAddr(q.brokerName()), q, group, 0,
                    subVersion);
            while (puller.offset() < ends[i] && !meter.expired() && !meter.countReached()) {
                long t0 = System.nanoTime();
                try {
                    int n = puller.pull(0, (buf, pos) -> { });
                    meter.recordLatency(System.nanoTime() - t0);
                    meter.successes(n);
                } catch (ClientException e) {
                    meter.error();
                }
            }
        }, s.duration().plus(ProduceWorkload.STOP_PATIENCE));
    }

    /** Sends until the topic holds {@code --backlog} messages; returns the seconds it took. */
    private long preload(BenchSettings s, ClientInstance client) throws Exception {
        ClusterAdmin admin = new ClusterAdmin(client.remoting(), s.namesrv());
        long present = admin.totalMaxOffset(admin.route(s.topic()));
        long missing = s.backlog() - present;
        long start = System.nanoTime();
        if (missing <= 0) {
            return 0;
        }
        progress.printf("preloading %d messages of %d bytes%n", missing, s.size());
        AtomicLong remaining = new AtomicLong(missing);
        AtomicLong failures = new AtomicLong();
        byte[] body = Payloads.filler(s.size());
        try (Producer producer = Producer.builder(s.group()).clientInstance(client).build()) {
            LoadThreads.runAll("preload", PRELOAD_THREADS, i -> {
                while (remaining.getAndDecrement() > 0) {
                    try {
                        producer.send(new Message(s.topic(), body));
                    } catch (ClientException e) {
                        if (failures.incrementAndGet() > 1000) {
                            throw e;
                        }
                        remaining.incrementAndGet();
                    }
                }
            }, PRELOAD_PATIENCE);
        }
        return (System.nanoTime() - start) / 1_000_000_000L;
    }
}
