package io.ferrymq.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.BrokerController;
import io.ferrymq.namesrv.NamesrvConfig;
import io.ferrymq.namesrv.NamesrvController;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendMessageCommandIT {
    @TempDir
    Path dir;
    private NamesrvController namesrv;
    private BrokerController broker;
    private String namesrvAddr;

    @BeforeEach
    void start() throws Exception {
        namesrv = new NamesrvController(new NamesrvConfig().bindAddress("127.0.0.1").listenPort(0)
                .kvConfigPath(dir.resolve("kv.json")));
        namesrv.start();
        namesrvAddr = "127.0.0.1:" + namesrv.port();
        Properties p = new Properties();
        p.setProperty("namesrvAddr", namesrvAddr);
        p.setProperty("brokerName", "broker-tools");
        p.setProperty("listenPort", "0");
        p.setProperty("fastListenPort", "-1");
        p.setProperty("bindAddress", "127.0.0.1");
        p.setProperty("brokerIP1", "127.0.0.1");
        p.setProperty("storePathRootDir", dir.resolve("store").toString());
        p.setProperty("mapedFileSizeCommitLog", Integer.toString(4 << 20));
        BrokerConfig.Loaded loaded = BrokerConfig.load(p);
        broker = new BrokerController(loaded.broker(), loaded.store());
        broker.start();
    }

    @AfterEach
    void stop() {
        broker.shutdown();
        namesrv.shutdown();
    }

    @Test
    void sendsAMessageAndTheTopicGetsARoute() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MQAdminStartup.run(new String[] {"sendMessage", "-n", namesrvAddr, "-t", "ToolTopic", "-p", "hi",
            "-k", "k1", "-c", "TagA"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("broker-tools") && printed.contains("SEND_OK"), printed);
    }
}
