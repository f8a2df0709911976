package io.ferrymq.broker;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;

/** Official 4.9.8 clients set up for tests: unique instance names, no VIP channel. */
final class OfficialClients {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private OfficialClients() {
    }

    static String unique(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() + "_" + SEQ.incrementAndGet();
    }

    static DefaultMQProducer producer(String namesrvAddr) throws MQClientException {
        DefaultMQProducer p = new DefaultMQProducer(unique("pg"));
        p.setNamesrvAddr(namesrvAddr);
        p.setVipChannelEnabled(false);
        p.setInstanceName(unique("producer"));
        p.setSendMsgTimeout(5000);
        p.start();
        return p;
    }

    static DefaultMQPushConsumer consumer(String namesrvAddr, String group, String topic, String tags,
                                          MessageListenerConcurrently listener) throws MQClientException {
        DefaultMQPushConsumer c = new DefaultMQPushConsumer(group);
        c.setNamesrvAddr(namesrvAddr);
        c.setVipChannelEnabled(false);
        c.setInstanceName(unique("consumer"));
        c.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        c.subscribe(topic, tags);
        c.registerMessageListener(listener);
        return c;
    }
}
