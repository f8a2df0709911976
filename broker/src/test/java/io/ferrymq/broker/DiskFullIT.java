package io.ferrymq.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ferrymq.remoting.protocol.ResponseCode;
import java.nio.file.Files;
import java.nio.file.FileStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.common.message.MessageQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker whose disk is past {@code diskSpaceWarningLevelRatio} refuses writes with SERVICE_NOT_AVAILABLE and a
 * remark that says why, and keeps answering everything else.
 */
class DiskFullIT {
    private static final int REFUSE_AT_PERCENT = 10; // the lowest ratio the broker accepts

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("deprecation") // maxOffset through the producer's admin API
    void writesAreRefusedWithAClearCodeAndTheBrokerKeepsServing() throws Exception {
        FileStore disk = Files.getFileStore(dir);
        double usedPercent = 100.0 * (disk.getTotalSpace() - disk.getUsableSpace()) / disk.getTotalSpace();
        assumeTrue(usedPercent >= REFUSE_AT_PERCENT + 1,
                () -> "the test disk is only " + usedPercent + "% used: the lowest refusal ratio cannot be reached");
        Properties p = new Properties();
        p.setProperty("diskSpaceWarningLevelRatio", Integer.toString(REFUSE_AT_PERCENT));
        p.setProperty("diskSpaceCleanForciblyRatio", Integer.toString(REFUSE_AT_PERCENT));
        p.setProperty("diskMaxUsedSpaceRatio", "95");
        p.setProperty("cleanResourceInterval", "100");
        try (BrokerHarness harness = new BrokerHarness(dir, p)) {
            DefaultMQProducer producer = harness.producer();
            producer.setRetryTimesWhenSendFailed(0);
            AtomicReference<MQBrokerException> refused = new AtomicReference<>();
            BrokerHarness.await("the disk guard refusing writes", Duration.ofSeconds(20), () -> {
                try {
                    producer.send(new Message("DiskFullTopic", "x".getBytes()));
                    return false;
                } catch (Exception e) {
                    // the client reports a retryable broker code as the cause of its "send failed" exception
                    Throwable cause = e instanceof MQBrokerException ? e : e.getCause();
                    if (cause instanceof MQBrokerException broker) {
                        refused.set(broker);
                        return true;
                    }
                    return false;
                }
            });
            assertEquals(ResponseCode.SERVICE_NOT_AVAILABLE, refused.get().getResponseCode());
            assertTrue(refused.get().getErrorMessage().contains("disk is full"), refused.get().getErrorMessage());
            // reads still work: queues answer their offsets (the send may have been refused before its topic was
            // created, so ask the auto-create template's queues), and the broker is still registered
            for (MessageQueue q : producer.fetchPublishMessageQueues("TBW102")) {
                assertTrue(producer.maxOffset(q) >= 0);
            }
            assertTrue(harness.namesrv.routes().pickupTopicRouteData("TBW102") != null);
        }
    }
}
