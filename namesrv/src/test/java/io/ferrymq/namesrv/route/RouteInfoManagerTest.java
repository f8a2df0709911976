package io.ferrymq.namesrv.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.topic.TopicConfig;
import io.ferrymq.remoting.protocol.body.DataVersion;
import io.ferrymq.remoting.protocol.body.TopicConfigSerializeWrapper;
import io.ferrymq.remoting.protocol.route.TopicRouteData;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RouteInfoManagerTest {
    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();
    private final RouteInfoManager routes = new RouteInfoManager(clock, 120_000);

    private static TopicConfigSerializeWrapper topics(long version, TopicConfig... configs) {
        TopicConfigSerializeWrapper wrapper = new TopicConfigSerializeWrapper();
        wrapper.setDataVersion(new DataVersion(1, version));
        for (TopicConfig c : configs) {
            wrapper.getTopicConfigTable().put(c.getTopicName(), c);
        }
        return wrapper;
    }

    @Test
    void brokerSilentForTheExpiryIsDropped() {
        routes.registerBroker("C", "10.0.0.1:10911", "b1", 0, "10.0.0.1:10912",
                topics(1, new TopicConfig("T", 4, 4, 6)), new EmbeddedChannel(), 0);
        clock.advance(Duration.ofSeconds(119));
        assertEquals(0, routes.scanNotActiveBroker());
        assertNotNull(routes.pickupTopicRouteData("T"));
        clock.advance(Duration.ofSeconds(2));
        assertEquals(1, routes.scanNotActiveBroker());
        assertNull(routes.pickupTopicRouteData("T"));
        assertTrue(routes.clusterInfo().getClusterAddrTable().isEmpty());
    }

    @Test
    void reRegistrationKeepsABrokerAlive() {
        for (int i = 0; i < 5; i++) {
            routes.registerBroker("C", "10.0.0.1:10911", "b1", 0, "ha", topics(1, new TopicConfig("T", 4, 4, 6)),
                    new EmbeddedChannel(), 0);
            clock.advance(Duration.ofSeconds(30));
            assertEquals(0, routes.scanNotActiveBroker());
        }
    }

    @Test
    void brokerMayAskForItsOwnExpiry() {
        routes.registerBroker("C", "10.0.0.1:10911", "b1", 0, "ha", topics(1, new TopicConfig("T", 4, 4, 6)),
                new EmbeddedChannel(), 10_000);
        clock.advance(Duration.ofSeconds(11));
        assertEquals(1, routes.scanNotActiveBroker());
    }

    @Test
    void closedChannelDropsOnlyItsBroker() {
        EmbeddedChannel ch1 = new EmbeddedChannel();
        routes.registerBroker("C", "10.0.0.1:10911", "b1", 0, "ha", topics(1, new TopicConfig("T", 4, 4, 6)), ch1, 0);
        routes.registerBroker("C", "10.0.0.2:10911", "b2", 0, "ha", topics(1, new TopicConfig("T", 2, 2, 6)),
                new EmbeddedChannel(), 0);
        routes.onChannelDestroy(ch1);
        TopicRouteData route = routes.pickupTopicRouteData("T");
        assertEquals(1, route.getBrokerDatas().size());
        assertEquals("b2", route.getBrokerDatas().get(0).getBrokerName());
        assertEquals(1, route.getQueueDatas().size());
    }

    @Test
    void topicsABrokerNoLongerHasLeaveItsRoute() {
        routes.registerBroker("C", "a:1", "b1", 0, "ha", topics(1, new TopicConfig("T", 4, 4, 6),
                new TopicConfig("U", 4, 4, 6)), new EmbeddedChannel(), 0);
        routes.registerBroker("C", "a:1", "b1", 0, "ha", topics(2, new TopicConfig("T", 8, 8, 6)),
                new EmbeddedChannel(), 0);
        assertNull(routes.pickupTopicRouteData("U"));
        assertEquals(8, routes.pickupTopicRouteData("T").getQueueDatas().get(0).getWriteQueueNums());
    }

    @Test
    void slaveLearnsItsMasterAndDoesNotChangeQueues() {
        routes.registerBroker("C", "a:1", "b1", 0, "a:2", topics(1, new TopicConfig("T", 4, 4, 6)),
                new EmbeddedChannel(), 0);
        RegisterResult result = routes.registerBroker("C", "s:1", "b1", 1, "s:2",
                topics(9, new TopicConfig("T", 1, 1, 6)), new EmbeddedChannel(), 0);
        assertEquals("a:1", result.masterAddr());
        assertEquals("a:2", result.haServerAddr());
        TopicRouteData route = routes.pickupTopicRouteData("T");
        assertEquals(4, route.getQueueDatas().get(0).getWriteQueueNums());
        assertEquals("s:1", route.getBrokerDatas().get(0).getBrokerAddrs().get("1"));
    }

    @Test
    void routesHandedOutDoNotChangeLater() {
        routes.registerBroker("C", "a:1", "b1", 0, "ha", topics(1, new TopicConfig("T", 4, 4, 6)),
                new EmbeddedChannel(), 0);
        TopicRouteData before = routes.pickupTopicRouteData("T");
        routes.updateWritePerm("b1", false);
        assertEquals(6, before.getQueueDatas().get(0).getPerm());
        assertEquals(4, routes.pickupTopicRouteData("T").getQueueDatas().get(0).getPerm());
    }
}
