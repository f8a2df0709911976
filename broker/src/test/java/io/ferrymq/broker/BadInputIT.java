package io.ferrymq.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.ferrymq.remoting.netty.NettyClientConfig;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad request gets RocketMQ's code and a remark, and the broker keeps serving. */
class BadInputIT {
    @TempDir
    Path dir;
    private BrokerHarness harness;
    private NettyRemotingClient client;
    private String addr;

    @BeforeEach
    void start() throws Exception {
        harness = new BrokerHarness(dir);
        client = new NettyRemotingClient(new NettyClientConfig());
        addr = harness.broker.address();
    }

    @AfterEach
    void stop() {
        client.shutdown();
        harness.close();
    }

    private RemotingCommand send(String topic, String defaultTopic, int queueId, byte[] body) {
        RemotingCommand request = RemotingCommand.createRequest(RequestCode.SEND_MESSAGE_V2)
                .putExt("a", "pg").putExt("b", topic).putExt("c", defaultTopic).putExt("d", 4)
                .putExt("e", queueId).putExt("f", 0).putExt("g", 1L).putExt("h", 0)
                .putExt("i", "TAGS\u0001A\u0002").setBody(body);
        return client.invokeSync(addr, request, 3000);
    }

    private void assertCode(int code, RemotingCommand response) {
        assertEquals(code, response.getCode(), "remark: " + response.getRemark());
        assertNotNull(response.getRemark());
    }

    @Test
    void badSendsGetTheirCodes() {
        byte[] ok = "x".getBytes();
        assertCode(ResponseCode.SYSTEM_ERROR, send("bad topic!", "TBW102", 0, ok));
        assertCode(ResponseCode.SYSTEM_ERROR, send("t".repeat(128), "TBW102", 0, ok));
        assertCode(ResponseCode.MESSAGE_ILLEGAL, send("BigBody", "TBW102", 0, new byte[65 * 1024]));
        assertCode(ResponseCode.TOPIC_NOT_EXIST, send("NoSuchTopic", "NoTemplate", 0, ok));
        assertCode(ResponseCode.NO_PERMISSION, send("SCHEDULE_TOPIC_XXXX", "TBW102", 0, ok));
        assertEquals(ResponseCode.SUCCESS, send("Fine", "TBW102", 0, ok).getCode());
        assertCode(ResponseCode.SYSTEM_ERROR, send("Fine", "TBW102", 99, ok));
        RemotingCommand good = send("Fine", "TBW102", 1, ok);
        assertEquals(ResponseCode.SUCCESS, good.getCode());
        assertEquals("1", good.ext("queueId"));
        assertEquals("0", good.ext("queueOffset"));
        assertNotNull(good.ext("msgId"));
    }

    @Test
    void missingHeaderFieldsAndUnknownGroupsAreAnswered() {
        RemotingCommand noTopic = RemotingCommand.createRequest(RequestCode.SEND_MESSAGE_V2).putExt("a", "pg");
        assertCode(ResponseCode.SYSTEM_ERROR, client.invokeSync(addr, noTopic, 3000));
        RemotingCommand query = RemotingCommand.createRequest(RequestCode.QUERY_CONSUMER_OFFSET)
                .putExt("consumerGroup", "nobody").putExt("topic", "TBW102").putExt("queueId", 0);
        RemotingCommand r = client.invokeSync(addr, query, 3000);
        assertEquals(ResponseCode.SUCCESS, r.getCode());
        assertEquals("0", r.ext("offset"));
        RemotingCommand pull = RemotingCommand.createRequest(RequestCode.PULL_MESSAGE)
                .putExt("consumerGroup", "nobody").putExt("topic", "TBW102").putExt("queueId", 0)
                .putExt("queueOffset", 0L).putExt("maxMsgNums", 32).putExt("sysFlag", 2).putExt("commitOffset", 0L)
                .putExt("suspendTimeoutMillis", 1000L).putExt("subVersion", 0L);
        assertCode(ResponseCode.SUBSCRIPTION_NOT_EXIST, client.invokeSync(addr, pull, 3000));
        RemotingCommand unknown = RemotingCommand.createRequest(9999);
        assertEquals(ResponseCode.REQUEST_CODE_NOT_SUPPORTED, client.invokeSync(addr, unknown, 3000).getCode());
        assertEquals(ResponseCode.SUCCESS, send("StillServing", "TBW102", 0, "y".getBytes()).getCode());
    }
}
