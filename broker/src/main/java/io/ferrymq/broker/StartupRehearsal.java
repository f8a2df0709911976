package io.ferrymq.broker;

import io.ferrymq.broker.client.HeartbeatData;
import io.ferrymq.common.message.MessageProperties;
import io.ferrymq.common.topic.SystemTopics;
import io.ferrymq.common.util.ServerProcess;
import io.ferrymq.remoting.netty.NettyClientConfig;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.netty.NettyRemotingServer;
import io.ferrymq.remoting.netty.NettyServerConfig;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code StartupRehearsal <empty work dir>}: starts a throw-away broker the way {@code bin/mqbroker}
 * does (config file, store under the work dir, registration with a stand-in name server on loopback),
 * sends it what a new producer and consumer send first (heartbeat, a message on an auto-created topic,
 * a pull), and stops it. {@code bin/ferry-cds-archive} runs it in a JVM that writes a class-data
 * sharing archive at exit, so that real starts map these classes instead of loading them. Exit code 0
 * when every step got the answer a real client needs.
 */
public final class StartupRehearsal {
    private static final long TIMEOUT_MILLIS = 10_000;
    private static final String TOPIC = "StartupRehearsal";
    private static final String GROUP = "startup-rehearsal";

    private StartupRehearsal() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: StartupRehearsal <empty work dir>");
            System.exit(2);
        }
        BrokerCodecs.prepareInBackground();
        int code = rehearse(Path.of(args[0]));
        System.exit(code); // the archive is written at exit; no thread may keep the JVM alive
    }

    static int rehearse(Path dir) throws IOException {
        ExecutorService nameServerThread = Executors.newSingleThreadExecutor();
        NettyRemotingServer nameServer = new NettyRemotingServer(new NettyServerConfig().setBindAddress("127.0.0.1")
                .setListenPort(0), null);
        NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());
        BrokerController broker = null;
        try {
            for (int code : List.of(RequestCode.REGISTER_BROKER, RequestCode.UNREGISTER_BROKER)) {
                nameServer.registerProcessor(code, (ctx, request) -> RemotingCommand.createResponse(request,
                        ResponseCode.SUCCESS, null), nameServerThread);
            }
            nameServer.start();
            Path conf = writeConfig(dir, nameServer.localPort());
            try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8)) {
                if (BrokerStartup.run(new String[] {"-p", "-c", conf.toString()}, quiet, System.err) != 0) {
                    return 1;
                }
            }
            BrokerConfig.Loaded loaded = BrokerConfig.load(ServerProcess.loadProperties(conf.toString()));
            broker = new BrokerController(loaded.broker(), loaded.store());
            broker.start();
            return talkTo(client, "127.0.0.1:" + broker.port());
        } finally {
            client.shutdown();
            if (broker != null) {
                broker.shutdown();
            }
            nameServer.shutdown();
            nameServerThread.shutdownNow();
        }
    }

    private static Path writeConfig(Path dir, int nameServerPort) throws IOException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("broker.conf");
        try (Writer w = Files.newBufferedWriter(conf, StandardCharsets.UTF_8)) {
            w.write("brokerClusterName=DefaultCluster\nbrokerName=rehearsal\nbrokerId=0\n");
            w.write("listenPort=0\nfastListenPort=-1\nbindAddress=127.0.0.1\nbrokerIP1=127.0.0.1\n");
            w.write("namesrvAddr=127.0.0.1:" + nameServerPort + "\n");
            w.write("storePathRootDir=" + dir.resolve("store").toString().replace("\\", "\\\\") + "\n");
            w.write("autoCreateTopicEnable=true\nautoCreateSubscriptionGroup=true\n");
        }
        return conf;
    }

    /** A producer's and a consumer's first requests; 0 when each got the answer it needs. */
    private static int talkTo(NettyRemotingClient client, String broker) {
        HeartbeatData heartbeat = new HeartbeatData();
        heartbeat.setClientID("127.0.0.1@rehearsal");
        HeartbeatData.ProducerData producer = new HeartbeatData.ProducerData();
        producer.setGroupName(GROUP);
        heartbeat.getProducerDataSet().add(producer);
        if (!expect(client, broker, RemotingCommand.createRequest(RequestCode.HEART_BEAT)
                .setBody(RemotingJson.encode(heartbeat)), ResponseCode.SUCCESS)) {
            return 1;
        }
        RemotingCommand send = RemotingCommand.createRequest(RequestCode.SEND_MESSAGE_V2)
                .putExt("a", GROUP).putExt("b", TOPIC).putExt("c", SystemTopics.AUTO_CREATE_TOPIC_KEY_TOPIC)
                .putExt("d", 4).putExt("e", 0).putExt("f", 0).putExt("g", System.currentTimeMillis())
                .putExt("h", 0).putExt("i", MessageProperties.encode(Map.of("KEYS", "rehearsal")))
                .putExt("j", 0).putExt("k", false).putExt("m", false).putExt("n", "rehearsal")
                .setBody("rehearsal".getBytes(StandardCharsets.UTF_8));
        if (!expect(client, broker, send, ResponseCode.SUCCESS)) {
            return 1;
        }
        RemotingCommand pull = RemotingCommand.createRequest(RequestCode.PULL_MESSAGE)
                .putExt("consumerGroup", GROUP).putExt("topic", TOPIC).putExt("queueId", 0)
                .putExt("queueOffset", 0L).putExt("maxMsgNums", 32).putExt("sysFlag", 0x2 | 0x4)
                .putExt("commitOffset", 0L).putExt("suspendTimeoutMillis", 1_000L).putExt("subscription", "*")
                .putExt("subVersion", 0L).putExt("expressionType", "TAG").putExt("bname", "rehearsal");
        return expect(client, broker, pull, ResponseCode.SUCCESS) ? 0 : 1;
    }

    private static boolean expect(NettyRemotingClient client, String broker, RemotingCommand request, int code) {
        RemotingCommand response = client.invokeSync(broker, request, TIMEOUT_MILLIS);
        if (response.getCode() != code) {
            System.err.println("startup rehearsal: request " + request.getCode() + " got " + response.getCode()
                    + " (" + response.getRemark() + "), expected " + code);
            return false;
        }
        return true;
    }
}
