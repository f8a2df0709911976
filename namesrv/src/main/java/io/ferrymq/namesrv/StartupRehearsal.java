package io.ferrymq.namesrv;

import io.ferrymq.common.PermName;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.remoting.netty.NettyClientConfig;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.DataVersion;
import io.ferrymq.remoting.protocol.body.RegisterBrokerBody;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.ferrymq.remoting.protocol.body.TopicConfigSerializeWrapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code StartupRehearsal <empty work dir>}: starts a throw-away name server on loopback, registers a
 * broker with it, asks for a route the way producers do (a topic it does not know, then the auto-create
 * template), and stops it. {@code bin/ferry-cds-archive} runs it in a JVM that writes a class-data
 * sharing archive at exit, so that real starts, and the first registrations and route lookups they
 * serve, map these classes instead of loading them. Exit code 0 when every answer was the expected one.
 */
public final class StartupRehearsal {
    private static final long TIMEOUT_MILLIS = 10_000;

    private StartupRehearsal() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: StartupRehearsal <empty work dir>");
            System.exit(2);
        }
        NamesrvStartup.prepareCodecsInBackground();
        int code = rehearse(Path.of(args[0]));
        System.exit(code); // the archive is written at exit; no thread may keep the JVM alive
    }

    static int rehearse(Path dir) throws IOException {
        Files.createDirectories(dir);
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8)) {
            if (NamesrvStartup.run(new String[] {"-p"}, quiet, System.err) != 0) {
                return 1;
            }
        }
        NamesrvController namesrv = new NamesrvController(new NamesrvConfig().bindAddress("127.0.0.1").listenPort(0)
                .kvConfigPath(dir.resolve("kvConfig.json")));
        NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());
        try {
            namesrv.start();
            String addr = "127.0.0.1:" + namesrv.port();
            String brokerAddr = "127.0.0.1:10911";
            boolean ok = expect(client, addr, brokerRequest(RequestCode.REGISTER_BROKER, brokerAddr)
                    .putExt("haServerAddr", "127.0.0.1:10912").putExt("compressed", false).putExt("bodyCrc32", 0)
                    .setBody(RemotingJson.encode(registration())), ResponseCode.SUCCESS)
                    && expect(client, addr, RemotingCommand.createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                    .putExt("topic", "StartupRehearsal"), ResponseCode.TOPIC_NOT_EXIST)
                    && expect(client, addr, RemotingCommand.createRequest(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                    .putExt("topic", SystemTopics.AUTO_CREATE_TOPIC_KEY_TOPIC), ResponseCode.SUCCESS)
                    && expect(client, addr, brokerRequest(RequestCode.UNREGISTER_BROKER, brokerAddr),
                    ResponseCode.SUCCESS);
            return ok ? 0 : 1;
        } finally {
            client.shutdown();
            namesrv.shutdown();
        }
    }

    private static RemotingCommand brokerRequest(int code, String brokerAddr) {
        return RemotingCommand.createRequest(code).putExt("brokerName", "rehearsal").putExt("brokerAddr", brokerAddr)
                .putExt("clusterName", "DefaultCluster").putExt("brokerId", 0L);
    }

    private static RegisterBrokerBody registration() {
        TopicConfigSerializeWrapper topics = new TopicConfigSerializeWrapper();
        topics.setTopicConfigTable(Map.of(SystemTopics.AUTO_CREATE_TOPIC_KEY_TOPIC, new TopicConfig(
                SystemTopics.AUTO_CREATE_TOPIC_KEY_TOPIC, 8, 8,
                PermName.PERM_INHERIT | PermName.PERM_READ | PermName.PERM_WRITE)));
        topics.setDataVersion(new DataVersion());
        RegisterBrokerBody body = new RegisterBrokerBody();
        body.setTopicConfigSerializeWrapper(topics);
        return body;
    }

    private static boolean expect(NettyRemotingClient client, String addr, RemotingCommand request, int code) {
        RemotingCommand response = client.invokeSync(addr, request, TIMEOUT_MILLIS);
        if (response.getCode() != code) {
            System.err.println("startup rehearsal: request " + request.getCode() + " got " + response.getCode()
                    + " (" + response.getRemark() + "), expected " + code);
            return false;
        }
        return true;
    }
}
