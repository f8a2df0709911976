package io.ferrymq.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SendMessageCommandIT {
    @TempDir
    Path dir;
    private BrokerHarness harness;
    private String namesrvAddr;

    @BeforeEach
    void start() throws Exception {
        harness = new BrokerHarness(dir);
        namesrvAddr = harness.namesrvAddr;
    }

    @AfterEach
    void stop() {
        harness.close();
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
        assertTrue(printed.contains("broker-it") && printed.contains("SEND_OK"), printed);
    }
}
