package io.ferrymq.bench.mq;

import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.internal.ClientInstance;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.common.message.Message;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code produce}: {@code --threads} threads share one producer and send {@code --size}-byte messages
 * synchronously (each waits for the broker's answer) until the duration or the count bound. Latency is
 * the send call's.
 */
public final class ProduceWorkload implements Workload {
    static final Duration TOPIC_WAIT = Duration.ofSeconds(30);
    static final Duration STOP_PATIENCE = Duration.ofSeconds(30);

    @Override
    public String name() {
        return "produce";
    }

    @Override
    public String latencyLabel() {
        return "send latency";
    }

    @Override
    public Report run(BenchSettings s, LoadMeter meter) throws Exception {
        try (ClientInstance client = new ClientInstance(ClientConfig.builder().namesrvAddr(s.namesrv()).build())) {
            new ClusterAdmin(client.remoting(), s.namesrv()).ensureTopic(s.topic(), s.queues(), TOPIC_WAIT);
            try (Producer producer = Producer.builder(s.group()).clientInstance(client).build()) {
                byte[] body = Payloads.filler(s.size());
                AtomicReference<String> firstError = new AtomicReference<>();
                meter.start();
                LoadThreads.runAll("produce", s.threads(), i -> {
                    while (meter.claim()) {
                        long t0 = System.nanoTime();
                        try {
                            producer.send(new Message(s.topic(), body));
                            meter.success(System.nanoTime() - t0);
                        } catch (ClientException e) {
                            meter.error();
                            firstError.compareAndSet(null, e.getMessage());
                        }
                    }
                }, s.duration().plus(STOP_PATIENCE));
                double seconds = meter.stop();
                Report report = new Report(this, meter, seconds);
                if (firstError.get() != null) {
                    report.with("first_error", firstError.get());
                }
                return report;
            }
        }
    }
}
