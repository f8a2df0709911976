package io.ferrymq.bench.mq;

import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.ClientException;
import io.ferrymq.client.internal.ClientInstance;
import io.ferrymq.client.producer.Producer;
import io.ferrymq.common.message.Message;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * {@code first-send}: tries one send every 10 ms (the topic auto-created through TBW102, as a new
 * producer's first send does) until one succeeds, and reports the wall-clock time of that success.
 * Started before the broker, it tells how long the broker takes from exec to accepting sends.
 */
public final class FirstSendWorkload implements Workload {
    private static final Duration RETRY_EVERY = Duration.ofMillis(10);

    @Override
    public String name() {
        return "first-send";
    }

    @Override
    public String latencyLabel() {
        return "time to first successful send";
    }

    @Override
    public Report run(BenchSettings s, LoadMeter meter) throws Exception {
        ClientConfig config = ClientConfig.builder().namesrvAddr(s.namesrv()).requestTimeout(Duration.ofSeconds(1))
                .build();
        try (ClientInstance client = new ClientInstance(config);
             Producer producer = Producer.builder(s.group()).clientInstance(client).retries(0)
                     .avoidFailedBrokerFor(Duration.ZERO).build()) {
            byte[] body = Payloads.filler(s.size());
            long start = System.nanoTime();
            meter.start();
            int attempts = 0;
            String lastError = null;
            while (!meter.expired()) {
                attempts++;
                try {
                    producer.send(new Message(s.topic(), body));
                    long epochMillis = System.currentTimeMillis();
                    meter.success(System.nanoTime() - start);
                    double seconds = meter.stop();
                    return new Report(this, meter, seconds).with("first_send_epoch_ms", epochMillis)
                            .with("attempts", attempts);
                } catch (ClientException e) {
                    lastError = e.getMessage();
                    TimeUnit.NANOSECONDS.sleep(RETRY_EVERY.toNanos()); // the retry pace, not a synchronization
                }
            }
            double seconds = meter.stop();
            return new Report(this, meter, seconds).with("attempts", attempts).with("last_error", lastError);
        }
    }
}
