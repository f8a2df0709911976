package io.ferrymq.broker;

import static io.ferrymq.broker.BrokerHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ferrymq.common.topic.TopicConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.PullResult;
import org.apache.rocketmq.client.consumer.PullStatus;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.impl.CommunicationMode;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.client.impl.consumer.PullResultExt;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.SendResult;
import org.apache.rocketmq.client.producer.SendStatus;
import org.apache.rocketmq.common.consumer.ConsumeFromWhere;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageDecoder;
import org.apache.rocketmq.common.message.MessageExt;
import org.apache.rocketmq.common.protocol.header.PullMessageRequestHeader;
import org.apache.rocketmq.common.sysflag.PullSysFlag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The VIP channel: with {@code setVipChannelEnabled(true)} the official client sends (and queries and
 * commits offsets) on the broker's port - 2, which the broker serves with the same processors.
 */
class VipChannelIT {
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;
    private BrokerHarness harness;

    @BeforeEach
    void start() throws Exception {
        harness = BrokerHarness.withVipChannel(dir);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void sendsPullsAndOffsetCommitsGoThroughTheVipPort() throws Exception {
        assertEquals(harness.broker.port() - 2, harness.broker.vipPort());
        String topic = OfficialClients.unique("Vip");
        harness.broker.topics().update(new TopicConfig(topic, 1, 1, 6));
        await("route of " + topic, WAIT, () -> harness.namesrv.routes().pickupTopicRouteData(topic) != null);

        DefaultMQProducer producer = new DefaultMQProducer(OfficialClients.unique("pg"));
        producer.setNamesrvAddr(harness.namesrvAddr);
        producer.setInstanceName(OfficialClients.unique("vip-producer"));
        producer.setVipChannelEnabled(true);
        producer.setRetryTimesWhenSendFailed(0);
        producer.start();
        harness.onClose(producer::shutdown);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String body = "vip-" + i;
            SendResult r = producer.send(new Message(topic, body.getBytes(StandardCharsets.UTF_8)));
            assertEquals(SendStatus.SEND_OK, r.getSendStatus());
            sent.add(body);
        }
        await("5 messages indexed", WAIT, () -> harness.broker.store().maxOffset(topic, 0) == 5);

        // a pull request on the VIP port itself, encoded by the official client
        String vipAddr = "127.0.0.1:" + harness.broker.vipPort();
        MQClientAPIImpl api = producer.getDefaultMQProducerImpl().getmQClientFactory().getMQClientAPIImpl();
        PullMessageRequestHeader header = new PullMessageRequestHeader();
        header.setConsumerGroup(OfficialClients.unique("vip-puller"));
        header.setTopic(topic);
        header.setQueueId(0);
        header.setQueueOffset(0L);
        header.setMaxMsgNums(32);
        header.setSysFlag(PullSysFlag.buildSysFlag(false, false, true, false));
        header.setCommitOffset(0L);
        header.setSuspendTimeoutMillis(0L);
        header.setSubscription("*");
        header.setSubVersion(0L);
        header.setExpressionType("TAG");
        PullResult pulled = api.pullMessage(vipAddr, header, 5000, CommunicationMode.SYNC, null);
        assertEquals(PullStatus.FOUND, pulled.getPullStatus());
        List<MessageExt> messages = MessageDecoder.decodes(ByteBuffer.wrap(((PullResultExt) pulled).getMessageBinary()));
        List<String> bodies = new ArrayList<>();
        messages.forEach(m -> bodies.add(new String(m.getBody(), StandardCharsets.UTF_8)));
        assertEquals(sent, bodies);

        // a push consumer on the VIP channel: offset queries and commits use port - 2
        String group = OfficialClients.unique("vip-cg");
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        DefaultMQPushConsumer consumer = new DefaultMQPushConsumer(group);
        consumer.setNamesrvAddr(harness.namesrvAddr);
        consumer.setInstanceName(OfficialClients.unique("vip-consumer"));
        consumer.setVipChannelEnabled(true);
        consumer.setConsumeFromWhere(ConsumeFromWhere.CONSUME_FROM_FIRST_OFFSET);
        consumer.subscribe(topic, "*");
        consumer.registerMessageListener((MessageListenerConcurrently) (msgs, ctx) -> {
            msgs.forEach(m -> consumed.add(new String(m.getBody(), StandardCharsets.UTF_8)));
            return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
        });
        consumer.setAwaitTerminationMillisWhenShutdown(10_000);
        harness.onClose(consumer::shutdown);
        consumer.start();
        await("all consumed", WAIT, () -> consumed.size() == 5);
        assertEquals(new TreeSet<>(sent), new TreeSet<>(consumed));
        consumer.shutdown(); // commits the offset (on the VIP port)
        await("offset committed", WAIT, () -> harness.broker.offsets().query(group, topic, 0) == 5);
    }
}
