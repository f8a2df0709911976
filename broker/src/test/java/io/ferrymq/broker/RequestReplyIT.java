package io.ferrymq.broker;

import static io.ferrymq.broker.BrokerHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.remoting.protocol.ResponseCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.client.producer.RequestCallback;
import org.apache.rocketmq.client.utils.MessageUtil;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageAccessor;
import org.apache.rocketmq.common.message.MessageConst;
import org.apache.rocketmq.common.message.MessageExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Request-reply with the official 4.9.8 client: {@code producer.request(...)} (sync and with a callback)
 * answered by a consumer that sends {@code MessageUtil.createReplyMessage(...)}; the broker pushes the
 * reply to the requester and stores it in the cluster's reply topic.
 */
class RequestReplyIT {
    private static final Duration WAIT = Duration.ofSeconds(40);

    @TempDir
    Path dir;
    private BrokerHarness harness;
    private String topic;

    @BeforeEach
    void start() throws Exception {
        harness = new BrokerHarness(dir);
        topic = OfficialClients.unique("Requests");
        harness.createTopic(topic, 2);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    /** A consumer of {@code topic} that answers every request with "re:" + its body. */
    private void startReplier() throws Exception {
        DefaultMQProducer replies = harness.producer();
        DefaultMQPushConsumer replier = harness.consumer(OfficialClients.unique("replier"), topic, "*",
                (msgs, ctx) -> {
                    for (MessageExt m : msgs) {
                        byte[] body = ("re:" + new String(m.getBody(), StandardCharsets.UTF_8))
                                .getBytes(StandardCharsets.UTF_8);
                        try {
                            replies.send(MessageUtil.createReplyMessage(m, body));
                        } catch (Exception e) {
                            return ConsumeConcurrentlyStatus.RECONSUME_LATER;
                        }
                    }
                    return ConsumeConcurrentlyStatus.CONSUME_SUCCESS;
                });
        replier.start();
    }

    @Test
    void aRequestGetsItsReplySyncAndAsync() throws Exception {
        startReplier();
        DefaultMQProducer requester = harness.producer();
        Message reply = requester.request(new Message(topic, "ping-1".getBytes(StandardCharsets.UTF_8)), 20_000);
        assertNotNull(reply);
        assertEquals("re:ping-1", new String(reply.getBody(), StandardCharsets.UTF_8));
        assertEquals("reply", reply.getProperty(MessageConst.PROPERTY_MESSAGE_TYPE));

        AtomicReference<Message> async = new AtomicReference<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        requester.request(new Message(topic, "ping-2".getBytes(StandardCharsets.UTF_8)), new RequestCallback() {
            @Override
            public void onSuccess(Message message) {
                async.set(message);
            }

            @Override
            public void onException(Throwable e) {
                errors.add(e);
            }
        }, 20_000);
        await("the async reply", WAIT, () -> async.get() != null || !errors.isEmpty());
        assertEquals(List.of(), errors);
        assertEquals("re:ping-2", new String(async.get().getBody(), StandardCharsets.UTF_8));
    }

    @Test
    void aReplyToAClientThatIsNotConnectedIsRefused() throws Exception {
        MessageExt request = new MessageExt();
        request.setTopic(topic);
        request.setBody("ping".getBytes(StandardCharsets.UTF_8));
        MessageAccessor.putProperty(request, MessageConst.PROPERTY_CLUSTER, "DefaultCluster");
        MessageAccessor.putProperty(request, MessageConst.PROPERTY_CORRELATION_ID, "c-1");
        MessageAccessor.putProperty(request, MessageConst.PROPERTY_MESSAGE_REPLY_TO_CLIENT, "10.0.0.9@gone");
        MessageAccessor.putProperty(request, MessageConst.PROPERTY_MESSAGE_TTL, "3000");
        Message reply = MessageUtil.createReplyMessage(request, "late".getBytes(StandardCharsets.UTF_8));
        // the client retries a SYSTEM_ERROR, then gives up with the broker's answer as the cause
        MQClientException gaveUp = assertThrows(MQClientException.class, () -> harness.producer().send(reply));
        MQBrokerException refused = assertInstanceOf(MQBrokerException.class, gaveUp.getCause());
        assertEquals(ResponseCode.SYSTEM_ERROR, refused.getResponseCode());
        assertTrue(refused.getErrorMessage().contains("channel of <10.0.0.9@gone> not found"),
                refused.getErrorMessage());
    }
}
