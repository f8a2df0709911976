package io.ferrymq.client.internal;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ferrymq.client.ClientConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One instance per client id in a process, and one consumer per group in an instance. */
class SharedInstanceTest {
    private static ConsumerMember member(String group) {
        return new ConsumerMember() {
            @Override
            public String group() {
                return group;
            }

            @Override
            public Map<String, Object> heartbeatData() {
                return Map.of("groupName", group);
            }

            @Override
            public void onConsumerIdsChanged() {
            }
        };
    }

    @Test
    void sameClientIdSharesOneInstanceUntilTheLastHolderReleasesIt() {
        ClientConfig config = ClientConfig.builder().namesrvAddr("127.0.0.1:1").instanceName("shared-test").build();
        ClientInstance a = ClientInstance.acquire(config);
        ClientInstance b = ClientInstance.acquire(ClientConfig.builder().namesrvAddr("127.0.0.1:1")
                .instanceName("shared-test").build());
        assertSame(a, b);
        assertThrows(IllegalStateException.class, () -> ClientInstance.acquire(ClientConfig.builder()
                .namesrvAddr("127.0.0.1:2").instanceName("shared-test").build()));
        a.registerConsumer(member("g"));
        assertThrows(IllegalStateException.class, () -> b.registerConsumer(member("g")));
        a.release();
        assertSame(b, ClientInstance.acquire(config), "still held by b");
        b.release();
        b.release();
        ClientInstance c = ClientInstance.acquire(config);
        assertNotSame(a, c, "the last release closed the old one");
        c.release();
    }
}
