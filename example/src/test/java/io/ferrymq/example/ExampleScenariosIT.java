package io.ferrymq.example;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.broker.BrokerHarness;
import io.ferrymq.example.scenario.Scenarios;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The example's scenarios against an in-process name server and broker: each service is its own JVM with its
 * own H2 database, and every verdict is computed from those databases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExampleScenariosIT {
    /** Under target/ rather than a temporary folder: the services' logs and databases stay for a post-mortem. */
    private final Path dir = Path.of("target", "example-it", Long.toString(System.currentTimeMillis(), 36));
    private BrokerHarness harness;
    private Scenarios scenarios;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    @BeforeAll
    void start() throws Exception {
        Properties broker = new Properties();
        broker.setProperty("transactionTimeOut", "1000");
        broker.setProperty("transactionCheckInterval", "1000");
        harness = new BrokerHarness(dir.resolve("servers"), broker);
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        scenarios = new Scenarios(harness.namesrvAddr, dir.resolve("example"), harness::restartBroker,
                new PrintStream(new TeeStream(out, System.out), true, StandardCharsets.UTF_8), 12,
                Duration.ofSeconds(90));
    }

    @AfterAll
    void stop() throws Exception {
        harness.close();
    }

    private void assertPasses(String scenario) throws Exception {
        output.reset();
        boolean passed = scenarios.run(Scenarios.named(scenario));
        assertTrue(passed, () -> "scenario " + scenario + " failed:\n" + output.toString(StandardCharsets.UTF_8));
    }

    @Test
    void happyPath() throws Exception {
        assertPasses("happy");
    }

    @Test
    void failedLocalTransactionsHaveNoDownstreamEffect() throws Exception {
        assertPasses("rollback");
    }

    /** Also checks that the crashed order-service's last log line reached the broker (ServiceLogs). */
    @Test
    void crashBetweenLocalCommitAndEndTransactionIsCompletedByCheckBack() throws Exception {
        assertPasses("crash");
    }

    @Test
    void duplicateDeliveryChangesNothing() throws Exception {
        assertPasses("duplicate");
    }

    @Test
    void outOfStockCancelsWithoutOverselling() throws Exception {
        assertPasses("out-of-stock");
    }

    @Test
    void brokerRestartMidRunCompletes() throws Exception {
        assertPasses("broker-restart");
    }

    /** The harness's retry delays are all 1 s, so the failed events come back quickly. */
    @Test
    void analyticsCatchesUpAfterItsDatabaseWasDown() throws Exception {
        assertPasses("decoupling");
    }

    /** Writes to two streams: the captured output for the failure message, and the test log. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
