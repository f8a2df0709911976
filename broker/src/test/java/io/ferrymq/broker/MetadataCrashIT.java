package io.ferrymq.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.ferrymq.common.subscription.SubscriptionGroupConfig;
import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.remoting.netty.NettyClientConfig;
import io.ferrymq.remoting.netty.NettyRemotingClient;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.admin.SubscriptionGroupWrapper;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.ferrymq.remoting.protocol.body.TopicConfigSerializeWrapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a broker (a child JVM) right after admin changes and an offset save: the topic, the
 * subscription group and the saved consumer offsets are all there after the restart (RocksDB
 * metadata, each change one synced batch).
 */
class MetadataCrashIT {
    private static final long TIMEOUT = 5000;

    @TempDir
    Path dir;
    private ChildBroker servers;
    private final NettyRemotingClient client = new NettyRemotingClient(new NettyClientConfig());

    @AfterEach
    void stop() throws InterruptedException {
        client.shutdown();
        if (servers != null) {
            servers.close();
        }
    }

    private RemotingCommand ok(RemotingCommand request) {
        RemotingCommand response = client.invokeSync(servers.brokerAddr(), request, TIMEOUT);
        assertEquals(ResponseCode.SUCCESS, response.getCode(), response.getRemark());
        return response;
    }

    private long queryOffset(String group, String topic, int queueId) {
        return ok(RemotingCommand.createRequest(RequestCode.QUERY_CONSUMER_OFFSET).putExt("consumerGroup", group)
                .putExt("topic", topic).putExt("queueId", queueId)).requireExtLong("offset");
    }

    @Test
    void topicsGroupsAndSavedOffsetsSurviveKill9() throws Exception {
        servers = new ChildBroker(dir, "flushConsumerOffsetInterval=200");
        ok(RemotingCommand.createRequest(RequestCode.UPDATE_AND_CREATE_TOPIC).putExt("topic", "CrashOrders")
                .putExt("readQueueNums", 5).putExt("writeQueueNums", 5).putExt("perm", 6)
                .putExt("topicFilterType", "SINGLE_TAG").putExt("topicSysFlag", 0).putExt("order", false));
        SubscriptionGroupConfig group = new SubscriptionGroupConfig("crash_billing");
        group.setRetryMaxTimes(4);
        ok(RemotingCommand.createRequest(RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP)
                .setBody(RemotingJson.encode(group)));
        ok(RemotingCommand.createRequest(RequestCode.UPDATE_CONSUMER_OFFSET).putExt("consumerGroup", "crash_billing")
                .putExt("topic", "CrashOrders").putExt("queueId", 3).putExt("commitOffset", 42L));
        Path metadata = dir.resolve("store").resolve("metadata");
        // the offset reaches RocksDB with the next periodic save (every 200 ms here): its key in the WAL
        BrokerHarness.await("the offset save", Duration.ofSeconds(20),
                () -> walContains(metadata, "CrashOrders@crash_billing"));

        servers.kill9();
        servers.start();

        TopicConfigSerializeWrapper topics = RemotingJson.decode(
                ok(RemotingCommand.createRequest(RequestCode.GET_ALL_TOPIC_CONFIG)).getBody(),
                TopicConfigSerializeWrapper.class);
        TopicConfig orders = topics.getTopicConfigTable().get("CrashOrders");
        assertNotNull(orders, topics.getTopicConfigTable().keySet().toString());
        assertEquals(5, orders.getReadQueueNums());
        SubscriptionGroupWrapper groups = RemotingJson.decode(
                ok(RemotingCommand.createRequest(RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG)).getBody(),
                SubscriptionGroupWrapper.class);
        assertEquals(4, groups.getSubscriptionGroupTable().get("crash_billing").getRetryMaxTimes());
        assertEquals(42, queryOffset("crash_billing", "CrashOrders", 3));
    }

    /**
     * True when a write-ahead log file of the database ({@code NNNNNN.log}) holds {@code text}; false
     * while the directory cannot be read (a WAL file may be replaced between listing and reading).
     */
    private static boolean walContains(Path db, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.list(db)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                byte[] bytes = Files.readAllBytes(f);
                for (int i = 0; i + needle.length <= bytes.length; i++) {
                    if (Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                        return true;
                    }
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
