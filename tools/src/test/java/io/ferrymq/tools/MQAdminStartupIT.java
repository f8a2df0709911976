package io.ferrymq.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.namesrv.NamesrvConfig;
import io.ferrymq.namesrv.NamesrvController;
import io.ferrymq.remoting.netty.NettyClientConfig;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.DataVersion;
import io.ferrymq.remoting.protocol.body.RegisterBrokerBody;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MQAdminStartupIT {
    @TempDir
    Path dir;
    private NamesrvController namesrv;
    private NettyRemotingClient brokerConnection;
    private String namesrvAddr;
    private ByteArrayOutputStream out;
    private ByteArrayOutputStream err;

    @BeforeEach
    void start() {
        namesrv = new NamesrvController(new NamesrvConfig().bindAddress("127.0.0.1").listenPort(0)
                .kvConfigPath(dir.resolve("kv.json")));
        namesrv.start();
        namesrvAddr = "127.0.0.1:" + namesrv.port();
        brokerConnection = new NettyRemotingClient(new NettyClientConfig());
        RegisterBrokerBody body = new RegisterBrokerBody();
        body.getTopicConfigSerializeWrapper().setDataVersion(new DataVersion(1, 1));
        body.getTopicConfigSerializeWrapper().getTopicConfigTable().put("TopicTest", new TopicConfig("TopicTest", 4, 4, 6));
        RemotingCommand register = RemotingCommand.createRequest(RequestCode.REGISTER_BROKER)
                .putExt("brokerName", "broker-a").putExt("brokerAddr", "127.0.0.1:10911")
                .putExt("clusterName", "DefaultCluster").putExt("haServerAddr", "127.0.0.1:10912")
                .putExt("brokerId", 0).setBody(RemotingJson.encode(body));
        assertEquals(ResponseCode.SUCCESS, brokerConnection.invokeSync(namesrvAddr, register, 3000).getCode());
    }

    @AfterEach
    void stop() {
        brokerConnection.shutdown();
        namesrv.shutdown();
    }

    private int admin(String... args) {
        out = new ByteArrayOutputStream();
        err = new ByteArrayOutputStream();
        return MQAdminStartup.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void clusterListShowsTheRegisteredBroker() {
        assertEquals(0, admin("clusterList", "-n", namesrvAddr));
        assertTrue(stdout().matches("(?s).*DefaultCluster\\s+broker-a\\s+0\\s+127\\.0\\.0\\.1:10911.*"), stdout());
    }

    @Test
    void topicListAndRoute() {
        assertEquals(0, admin("topicList", "-n", namesrvAddr));
        assertTrue(stdout().contains("TopicTest"));
        assertEquals(0, admin("topicRoute", "-n", namesrvAddr, "-t", "TopicTest"));
        assertTrue(stdout().contains("\"brokerAddrs\":{\"0\":\"127.0.0.1:10911\"}"), stdout());
        assertEquals(2, admin("topicRoute", "-n", namesrvAddr, "-t", "Nope"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no route for topic Nope"));
    }

    @Test
    void kvConfigCommands() {
        assertEquals(0, admin("updateKvConfig", "-n", namesrvAddr, "-s", "NS", "-k", "k1", "-v", "v1"));
        assertEquals(0, admin("getKvConfig", "-n", namesrvAddr, "-s", "NS", "-k", "k1"));
        assertEquals("v1", stdout().trim());
        assertEquals(0, admin("deleteKvConfig", "-n", namesrvAddr, "-s", "NS", "-k", "k1"));
        assertEquals(2, admin("getKvConfig", "-n", namesrvAddr, "-s", "NS", "-k", "k1"));
    }

    @Test
    void writePermCommands() {
        assertEquals(0, admin("wipeWritePerm", "-n", namesrvAddr, "-b", "broker-a"));
        assertTrue(stdout().contains("topic count: 1"));
        assertEquals(0, admin("addWritePerm", "-n", namesrvAddr, "-b", "broker-a"));
    }

    @Test
    void getNamesrvConfig() {
        assertEquals(0, admin("getNamesrvConfig", "-n", namesrvAddr));
        assertTrue(stdout().contains("listenPort=0"), stdout());
    }

    @Test
    void operatorMistakesGetClearMessages() throws Exception {
        assertEquals(1, admin("noSuchCommand", "-n", namesrvAddr));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'noSuchCommand'"));
        assertEquals(1, admin("topicRoute", "-n", namesrvAddr));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Missing required option: t"));
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        assertEquals(2, admin("clusterList", "-n", "127.0.0.1:" + deadPort));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("no name server answered"));
    }
}
