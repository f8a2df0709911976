package io.ferrymq.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerHarness;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every mqbench mode, briefly, against an in-process name server and broker: exit code and figures. */
class MQBenchIT {
    @TempDir
    static Path dir;
    static BrokerHarness cluster;

    @BeforeAll
    static void start() throws Exception {
        Properties p = new Properties();
        p.setProperty("transactionTimeOut", "500");
        cluster = new BrokerHarness(dir, p);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private record Run(int exitCode, String out, String err) {
        long number(String key) {
            Matcher m = Pattern.compile("\"" + key + "\":(-?[0-9.]+)").matcher(out);
            assertTrue(m.find(), "no numeric " + key + " in " + out + " / " + err);
            return (long) Double.parseDouble(m.group(1));
        }
    }

    private static Run mqbench(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-n", cluster.namesrvAddr, "--json"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = MQBench.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8).trim(), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void produceSendsUntilTheCountBoundWithoutErrors() {
        Run r = mqbench("produce", "--topic", "ItProduce", "--threads", "4", "--max-msgs", "500", "--duration", "30");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(500, r.number("ok"));
        assertEquals(0, r.number("errors"));
        assertTrue(r.out().contains("\"p99_ms\":"), r.out());
    }

    @Test
    void consumeDrainsTheWholeBacklogOncePerNewGroup() {
        Run r = mqbench("consume", "--topic", "ItConsume", "--backlog", "2000", "--drains", "3", "--duration", "30");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(2000, r.number("backlog"));
        assertEquals(3, r.number("drains"));
        assertEquals(6000, r.number("ok"));
        assertTrue(r.number("drain_rate_median") > 0, r.out());
        assertTrue(r.out().contains("\"drained_all\":\"true\""), r.out());
    }

    @Test
    void e2eReceivesEverySentMessage() {
        Run r = mqbench("e2e", "--topic", "ItE2e", "--rate", "200", "--max-msgs", "300", "--duration", "30");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(300, r.number("sent_ok"));
        assertEquals(300, r.number("ok"));
        assertEquals(0, r.number("lost"));
    }

    @Test
    void txCommitsEveryTransactionAndMeasuresTheFirstCheckBack() {
        Run r = mqbench("tx", "--topic", "ItTx", "--threads", "2", "--max-msgs", "200", "--duration", "30",
                "--tx-timeout", "500", "--check-back-wait", "20");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(200, r.number("ok"));
        assertEquals(200, r.number("committed_in_topic"));
        assertEquals(200, r.number("verified_committed"));
        assertEquals(0, r.number("missing") + r.number("duplicates") + r.number("unexpected"), r.out());
        assertTrue(r.number("check_back_after_ms") >= 500, r.out());
    }

    @Test
    void txUnknownTransactionsAreResolvedByCheckBackAndVerifiedInTheTopic() {
        Run r = mqbench("tx", "--topic", "ItTxUnknown", "--threads", "2", "--max-msgs", "100", "--duration", "30",
                "--tx-timeout", "500", "--unknown-ratio", "0.2");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(100, r.number("ok"));
        assertTrue(r.out().contains("\"unknown_resolved_by_check\":\"20 of 20\""), r.out());
        assertEquals(90, r.number("verified_committed"), r.out()); // 80 committed at once, 10 at check-back
        assertEquals(10, r.number("verified_rolled_back"), r.out());
        assertEquals(0, r.number("missing"), r.out());
        assertEquals(0, r.number("duplicates"), r.out());
        assertEquals(0, r.number("unexpected"), r.out());
        assertTrue(r.out().contains("\"verification\":\"ok\""), r.out());
    }

    @Test
    void firstSendReportsWhenTheBrokerAcceptedASend() {
        Run r = mqbench("first-send", "--topic", "ItFirst", "--duration", "20");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(1, r.number("ok"));
        assertTrue(r.number("first_send_epoch_ms") > 0, r.out());
    }

    @Test
    void anUnknownModeOrBadOptionIsAUsageError() {
        assertEquals(2, mqbench("bogus").exitCode());
        assertEquals(2, mqbench("produce", "--threads", "zero").exitCode());
        assertEquals(2, mqbench("produce", "--size", "4").exitCode());
    }
}
