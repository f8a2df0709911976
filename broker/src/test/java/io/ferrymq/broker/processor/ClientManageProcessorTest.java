package io.ferrymq.broker.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.ferrymq.broker.BrokerConfig;
import io.ferrymq.broker.client.ConsumerRegistry;
import io.ferrymq.broker.client.HeartbeatData;
import io.ferrymq.broker.client.ProducerRegistry;
import io.ferrymq.broker.client.SubscriptionData;
import io.ferrymq.broker.client.SubscriptionGroups;
import io.ferrymq.broker.filter.SubscriptionFilters;
import io.ferrymq.broker.state.JsonFileStateStore;
import io.ferrymq.broker.topic.TopicConfigManager;
import io.ferrymq.broker.topic.TopicTable;
import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.RequestCode;
import io.ferrymq.remoting.protocol.ResponseCode;
import io.ferrymq.remoting.protocol.admin.SubscriptionGroupWrapper;
import io.ferrymq.remoting.protocol.body.RemotingJson;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQL92 subscriptions at CHECK_CLIENT_CONFIG and HEART_BEAT. */
class ClientManageProcessorTest {
    @TempDir
    Path dir;
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ConsumerRegistry consumers = new ConsumerRegistry(g -> { });
    private final ProducerRegistry producers = new ProducerRegistry();

    @AfterEach
    void close() {
        channel.close();
    }

    private ClientManageProcessor processor(boolean propertyFilter) {
        BrokerConfig config = BrokerConfig.load(new Properties()).broker();
        TopicConfigManager topics = new TopicConfigManager(config,
                new JsonFileStateStore<>(dir.resolve("topics.json"), TopicTable.class), InstantSource.system(), 18);
        return new ClientManageProcessor(consumers, producers, new SubscriptionGroups(() -> true, new JsonFileStateStore<>(
                dir.resolve("subscriptionGroup.json"), SubscriptionGroupWrapper.class), InstantSource.system()), topics,
                InstantSource.system(), new SubscriptionFilters(propertyFilter));
    }

    private ChannelHandlerContext ctx() {
        ChannelHandlerContext ctx = mock(ChannelHandlerContext.class);
        when(ctx.channel()).thenReturn(channel);
        return ctx;
    }

    private static RemotingCommand checkRequest(SubscriptionData sub) {
        ClientManageProcessor.CheckClientBody body = new ClientManageProcessor.CheckClientBody();
        body.setClientId("c1");
        body.setGroup("g");
        body.setSubscriptionData(sub);
        return RemotingCommand.createRequest(RequestCode.CHECK_CLIENT_CONFIG).setBody(RemotingJson.encode(body));
    }

    private static HeartbeatData.ConsumerData consumer(String group, SubscriptionData sub) {
        HeartbeatData.ConsumerData c = new HeartbeatData.ConsumerData();
        c.setGroupName(group);
        c.setConsumeType("CONSUME_PASSIVELY");
        c.setMessageModel("CLUSTERING");
        c.setSubscriptionDataSet(List.of(sub));
        return c;
    }

    @Test
    void checkClientConfigCompilesSql92() {
        ClientManageProcessor p = processor(true);
        assertEquals(ResponseCode.SUCCESS,
                p.checkClientConfig(ctx(), checkRequest(SubscriptionData.ofSql("T", "a > 5", 1))).getCode());
        assertEquals(ResponseCode.SUCCESS,
                p.checkClientConfig(ctx(), checkRequest(SubscriptionData.ofTags("T", "A || B", 1))).getCode());
        RemotingCommand bad = p.checkClientConfig(ctx(), checkRequest(SubscriptionData.ofSql("T", "a >> 5", 1)));
        assertEquals(ResponseCode.SUBSCRIPTION_PARSE_FAILED, bad.getCode());
        assertTrue(bad.getRemark().contains("position 4"), bad.getRemark());
        SubscriptionData other = SubscriptionData.ofSql("T", "a > 5", 1);
        other.setExpressionType("CLASS");
        assertEquals(ResponseCode.SUBSCRIPTION_PARSE_FAILED, p.checkClientConfig(ctx(), checkRequest(other)).getCode());
    }

    @Test
    void checkClientConfigRefusesSql92WhenPropertyFilteringIsOff() {
        RemotingCommand r = processor(false).checkClientConfig(ctx(),
                checkRequest(SubscriptionData.ofSql("T", "a > 5", 1)));
        assertEquals(ResponseCode.SYSTEM_ERROR, r.getCode());
        assertEquals("The broker does not support consumer to filter message by SQL92", r.getRemark());
    }

    @Test
    void heartbeatWithAnInvalidExpressionRegistersTheClientAndSaysWhy() {
        HeartbeatData hb = new HeartbeatData();
        hb.setClientID("c1");
        hb.setConsumerDataSet(List.of(consumer("good", SubscriptionData.ofSql("T", "a = 1", 1)),
                consumer("bad", SubscriptionData.ofSql("T2", "a = 1 AND", 1))));
        HeartbeatData.ProducerData producer = new HeartbeatData.ProducerData();
        producer.setGroupName("pg");
        hb.setProducerDataSet(List.of(producer));
        RemotingCommand r = processor(true).heartbeat(ctx(),
                RemotingCommand.createRequest(RequestCode.HEART_BEAT).setBody(RemotingJson.encode(hb)));
        assertEquals(ResponseCode.SUBSCRIPTION_PARSE_FAILED, r.getCode());
        assertTrue(r.getRemark().contains("group bad to T2") && r.getRemark().contains("position 10"),
                r.getRemark());
        assertTrue(!r.getRemark().contains("group good"), r.getRemark());
        assertNotNull(consumers.find("good").subscription("T"));
        assertNotNull(consumers.find("bad").subscription("T2"));
    }

    @Test
    void heartbeatWithValidExpressionsSucceeds() {
        HeartbeatData hb = new HeartbeatData();
        hb.setClientID("c1");
        hb.setConsumerDataSet(List.of(consumer("good", SubscriptionData.ofSql("T", "TAGS IN ('a')", 1))));
        RemotingCommand r = processor(true).heartbeat(ctx(),
                RemotingCommand.createRequest(RequestCode.HEART_BEAT).setBody(RemotingJson.encode(hb)));
        assertEquals(ResponseCode.SUCCESS, r.getCode());
    }
}
