package io.ferrymq.client.consumer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.ferrymq.client.MessageQueue;
import io.ferrymq.client.consumer.Subscription;
import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** PULL_MESSAGE header keys and sysFlag bits, and decoding of the record body. */
class PullApiTest {
    private static final MessageQueue QUEUE = new MessageQueue("T", "broker-a", 3);

    @Test
    void pushPullsCarryCommitAndSuspendBitsAndRelyOnTheHeartbeatSubscription() {
        RemotingCommand r = PullApi.request("g", QUEUE, 17, 32, 15, 15_000, Subscription.sql("a > 5"), 99, false);
        assertEquals("g", r.ext("consumerGroup"));
        assertEquals("T", r.ext("topic"));
        assertEquals("3", r.ext("queueId"));
        assertEquals("17", r.ext("queueOffset"));
        assertEquals("32", r.ext("maxMsgNums"));
        assertEquals("3", r.ext("sysFlag"));
        assertEquals("15", r.ext("commitOffset"));
        assertEquals("15000", r.ext("suspendTimeoutMillis"));
        assertEquals("99", r.ext("subVersion"));
        assertEquals("SQL92", r.ext("expressionType"));
        assertEquals("broker-a", r.ext("bname"));
        assertNull(r.ext("subscription"));
    }

    @Test
    void pullConsumersSendTheirSubscription() {
        RemotingCommand r = PullApi.request("g", QUEUE, 0, 8, -1, 5_000, Subscription.tags("A || B"), 1, true);
        assertEquals("6", r.ext("sysFlag"));
        assertEquals("0", r.ext("commitOffset"));
        assertEquals("A || B", r.ext("subscription"));
        assertEquals("TAG", r.ext("expressionType"));
    }

    @Test
    void foundMessagesAreFilteredByTagAndRetriesGetTheirTopicBack() {
        ByteBuffer body = ByteBuffer.allocate(4096);
        MessageRecord.encode(body, stored("T", "A", null, 0));
        MessageRecord.encode(body, stored("T", "C", null, 1));
        MessageRecord.encode(body, stored("%RETRY%g", "A", "T", 2));
        body.flip();
        RemotingCommand response = RemotingCommand.createResponse(RemotingCommand.createRequest(11), ResponseCode.SUCCESS,
                null).putExt("nextBeginOffset", 3).putExt("minOffset", 0).putExt("maxOffset", 3)
                .putExt("suggestWhichBrokerId", 0).setBody(Arrays.copyOf(body.array(), body.limit()));
        PullResult result = PullApi.parse(response, Subscription.tags("A || B"));
        assertEquals(PullStatus.FOUND, result.status());
        assertEquals(3, result.nextBeginOffset());
        assertEquals(2, result.messages().size());
        assertEquals(0, result.messages().get(0).getQueueOffset());
        assertEquals("T", result.messages().get(1).getTopic(), "retry restored to its topic");

        RemotingCommand moved = RemotingCommand.createResponse(RemotingCommand.createRequest(11),
                ResponseCode.PULL_OFFSET_MOVED, null).putExt("nextBeginOffset", 40).putExt("minOffset", 40)
                .putExt("maxOffset", 50);
        assertEquals(PullStatus.OFFSET_ILLEGAL, PullApi.parse(moved, Subscription.all()).status());
        RemotingCommand refused = RemotingCommand.createResponse(RemotingCommand.createRequest(11),
                ResponseCode.SUBSCRIPTION_NOT_EXIST, "unknown");
        PullResult failed = PullApi.parse(refused, Subscription.all());
        assertEquals(PullStatus.FAILED, failed.status());
        assertEquals(ResponseCode.SUBSCRIPTION_NOT_EXIST, failed.code());
    }

    private static MessageExt stored(String topic, String tag, String retryOf, long offset) {
        MessageExt m = new MessageExt();
        m.setTopic(topic);
        m.setTags(tag);
        if (retryOf != null) {
            m.putProperty(MessageConst.RETRY_TOPIC, retryOf);
        }
        m.setBody(new byte[] {1, 2});
        m.setQueueOffset(offset);
        m.setBornHost(new InetSocketAddress("127.0.0.1", 1234));
        m.setStoreHost(new InetSocketAddress("127.0.0.1", 10911));
        return m;
    }
}
