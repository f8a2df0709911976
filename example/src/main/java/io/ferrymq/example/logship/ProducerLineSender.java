package io.ferrymq.example.logship;

import io.ferrymq.client.ClientConfig;
import io.ferrymq.client.producer.Producer;

/**
 * Sends log lines to a topic with a FerryMQ producer of its own (its own client instance: closing the
 * service's producers and consumers doesn't stop log shipping, and the other way round).
 */
final class ProducerLineSender implements LineSender {
    private final String topic;
    private final Producer producer;

    ProducerLineSender(String namesrv, String topic, String service) {
        this.topic = topic;
        ClientConfig config = ClientConfig.builder().namesrvAddr(namesrv)
                .instanceName("log-shipper-" + ProcessHandle.current().pid()).build();
        this.producer = Producer.builder(service + "-logs").config(config).retries(1).build();
    }

    @Override
    public void send(LogLine line) {
        producer.send(line.toMessage(topic));
    }

    @Override
    public void close() {
        producer.close();
    }
}
