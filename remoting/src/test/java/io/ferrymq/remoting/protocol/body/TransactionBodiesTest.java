package io.ferrymq.remoting.protocol.body;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.remoting.exception.RemotingCommandException;
import io.ferrymq.remoting.protocol.FerryRequestCode;
import io.ferrymq.remoting.protocol.RequestCode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The transaction admin bodies survive a JSON round trip, and FerryMQ's codes stay in their range. */
class TransactionBodiesTest {

    @Test
    void listBodyRoundTrips() {
        TransactionListBody body = new TransactionListBody("broker-a", 1_700_000_000_000L, 2, List.of(
                new TransactionListBody.Row(7, 4096, "AC1100", "order-7", "Orders", "pg", 1_699_999_990_000L, 10_000,
                        3, 1_699_999_999_000L, "127.0.0.1:50000", "STUCK")));
        TransactionListBody back = RemotingJson.decode(RemotingJson.encode(body), TransactionListBody.class);
        assertEquals(body, back);
        String json = new String(RemotingJson.encode(body), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"transactionId\":\"AC1100\""), json);
    }

    @Test
    void timelineStatsAndResolveBodiesRoundTrip() {
        TransactionTimelineBody timeline = new TransactionTimelineBody("broker-a", List.of(
                new TransactionTimelineBody.Timeline("AC1100", "Orders", "pg", "k1 k2", "COMMITTED", List.of(
                        new TransactionTimelineBody.Event(1L, "HALF_STORED", 7, "PRODUCER", "127.0.0.1:1", null, "x"),
                        new TransactionTimelineBody.Event(2L, "COMMITTED", 7, "ADMIN", "127.0.0.1:2", "why", null)),
                        List.of(new TransactionTimelineBody.Delivery("Orders", 3, 41, "7F00000100002A9F", 2L)))));
        assertEquals(timeline, RemotingJson.decode(RemotingJson.encode(timeline), TransactionTimelineBody.class));
        TransactionStatsBody stats = new TransactionStatsBody("broker-a", 1, 2, 3, 4, 5, 6, 7, 8);
        assertEquals(stats, RemotingJson.decode(RemotingJson.encode(stats), TransactionStatsBody.class));
        TransactionResolveBody resolve = new TransactionResolveBody("broker-a", "COMMITTED", "committed by admin");
        assertEquals(resolve, RemotingJson.decode(RemotingJson.encode(resolve), TransactionResolveBody.class));
    }

    @Test
    void malformedBodyIsAClearError() {
        RemotingCommandException e = assertThrows(RemotingCommandException.class,
                () -> RemotingJson.decode("{\"total\":\"many\"".getBytes(StandardCharsets.UTF_8),
                        TransactionListBody.class));
        assertTrue(e.getMessage().contains("TransactionListBody"), e.getMessage());
    }

    @Test
    void ferryCodesAreInTheirRangeAndClashWithNoRocketMqCode() throws IllegalAccessException {
        Set<Integer> rocketCodes = new HashSet<>();
        for (Field f : RequestCode.class.getFields()) {
            rocketCodes.add(f.getInt(null));
        }
        for (Field f : FerryRequestCode.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && !f.getName().startsWith("RANGE_")) {
                int code = f.getInt(null);
                assertTrue(code >= FerryRequestCode.RANGE_START && code <= FerryRequestCode.RANGE_END, f.getName());
                assertTrue(!rocketCodes.contains(code), f.getName() + " clashes with a RocketMQ code");
            }
        }
    }
}
