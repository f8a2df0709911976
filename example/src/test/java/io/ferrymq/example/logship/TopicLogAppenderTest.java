package io.ferrymq.example.logship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TopicLogAppenderTest {
    private final LoggerContext context = new LoggerContext();
    private final Logger app = context.getLogger("io.ferrymq.example.order.OrderService");
    private TopicLogAppender appender;

    @AfterEach
    void stop() {
        if (appender != null) {
            appender.stop();
        }
        context.stop();
    }

    private TopicLogAppender start(LineSender sender, int capacity, long drainMillis) {
        context.setMDCAdapter(new LogbackMDCAdapter()); // what the SLF4J binding gives the default context
        context.start();
        appender = new TopicLogAppender();
        appender.setContext(context);
        appender.setService("order-service");
        appender.setCapacity(capacity);
        appender.setDrainTimeoutMillis(drainMillis);
        appender.setPattern("%-5level %logger{0} - %msg");
        appender.setSenderFactory(() -> sender);
        appender.start();
        assertTrue(appender.isStarted());
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        return appender;
    }

    @Test
    void shipsTheServiceLinesInOrderWithLevelServiceAndProcess() {
        RecordingSender sender = new RecordingSender(null);
        start(sender, 100, 5_000);
        app.info("order {} placed", "o-1");
        app.warn("order o-1 committed locally; crashing before END_TRANSACTION");
        appender.stop();

        List<LogLine> lines = sender.lines();
        assertEquals(2, lines.size(), lines::toString);
        assertEquals("INFO  OrderService - order o-1 placed", lines.get(0).text());
        assertEquals("WARN", lines.get(1).level());
        assertEquals(List.of(1L, 2L), lines.stream().map(LogLine::seq).toList());
        assertEquals("order-service", lines.get(1).service());
        assertEquals(ProcessHandle.current().pid(), lines.get(1).pid());
        assertEquals(2, appender.shipped());
    }

    @Test
    void neverShipsTheClientsLinesNorWhatSendingLogs() {
        Logger client = context.getLogger("io.ferrymq.client.producer.Producer");
        Logger remoting = context.getLogger("io.ferrymq.remoting.netty.NettyRemotingClient");
        // a sender that logs while sending, through the client's logger and through an application logger:
        // shipping either would feed the shipper its own output
        RecordingSender sender = new RecordingSender(line -> {
            client.info("sent {}", line.seq());
            app.info("echo of {}", line.seq());
        });
        start(sender, 100, 5_000);
        client.warn("broker not reachable");
        remoting.info("connected");
        context.getLogger("io.netty.channel.nio.NioEventLoop").warn("selector");
        app.info("the only line to ship");
        appender.stop();

        assertEquals(List.of("INFO  OrderService - the only line to ship"),
                sender.lines().stream().map(LogLine::text).toList());
    }

    @Test
    void aStuckBrokerNeverBlocksTheServiceAndDropsAreCounted() throws Exception {
        CountDownLatch brokerBack = new CountDownLatch(1);
        RecordingSender sender = new RecordingSender(line -> {
            if (!brokerBack.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test released nothing");
            }
        });
        start(sender, 10, 5_000);
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 1_000; i++) {
                app.info("line {}", i);
            }
        }, "logging blocked while the broker was stuck");
        // 10 lines fit the buffer and at most one is being sent: the rest were dropped, not waited for
        assertTrue(appender.dropped() >= 989, "dropped " + appender.dropped());

        brokerBack.countDown();
        appender.stop();
        assertEquals(1_000, appender.shipped() + appender.dropped() + appender.unsent());
        List<Long> seqs = sender.lines().stream().map(LogLine::seq).toList();
        assertEquals(seqs.stream().sorted().toList(), seqs, "shipped in logging order");
        assertEquals(1L, seqs.get(0));
    }

    @Test
    void stopGivesUpAfterTheDrainTimeoutWhenTheBrokerIsAway() {
        RecordingSender sender = new RecordingSender(line -> {
            throw new IllegalStateException("connection refused");
        });
        start(sender, 100, 300);
        for (int i = 0; i < 5; i++) {
            app.info("line {}", i);
        }
        long start = System.nanoTime();
        appender.stop();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMillis < 5_000, "stop took " + tookMillis + " ms");
        assertEquals(0, appender.shipped());
        assertEquals(5, appender.unsent());
        assertTrue(sender.closed);
    }

    @Test
    void stopShipsWhatIsBufferedWhenTheBrokerIsThere() {
        RecordingSender sender = new RecordingSender(line -> Thread.sleep(1));
        start(sender, 1_000, 10_000);
        for (int i = 0; i < 200; i++) {
            app.info("line {}", i);
        }
        appender.stop();
        assertEquals(200, sender.lines().size());
        assertEquals(0, appender.dropped() + appender.unsent());
    }

    /** What each send does before the line counts as stored. */
    @FunctionalInterface
    private interface SendBehaviour {
        void onSend(LogLine line) throws Exception;
    }

    private static final class RecordingSender implements LineSender {
        private final List<LogLine> lines = new ArrayList<>();
        private final SendBehaviour behaviour;
        private volatile boolean closed;

        RecordingSender(SendBehaviour behaviour) {
            this.behaviour = behaviour;
        }

        @Override
        public void send(LogLine line) throws Exception {
            if (behaviour != null) {
                behaviour.onSend(line);
            }
            synchronized (lines) {
                lines.add(line);
            }
        }

        List<LogLine> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
