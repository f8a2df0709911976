package io.ferrymq.broker.filter;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageRecord;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlMessageFilterTest {

    private static ByteBuffer record(Map<String, String> properties) {
        MessageExt msg = new MessageExt();
        msg.setTopic("T");
        msg.setBody("body".getBytes(StandardCharsets.UTF_8));
        msg.setProperties(properties);
        msg.setBornHost(new InetSocketAddress("127.0.0.1", 1));
        msg.setStoreHost(new InetSocketAddress("127.0.0.1", 2));
        ByteBuffer buf = ByteBuffer.allocate(512);
        buf.put(new byte[7]); // the record does not start at the buffer's index 0
        ByteBuffer at = buf.slice();
        MessageRecord.encode(at, msg);
        at.flip();
        return at;
    }

    @Test
    void readsPropertiesFromTheStoredRecord() throws FilterSyntaxException {
        SqlMessageFilter f = new SqlMessageFilter(SqlFilter.compile("TAGS = 'A' AND a > 5 AND b = 'é'"));
        assertTrue(f.needsRecord());
        assertTrue(f.matches(12345L), "the tags code says nothing about properties");
        assertTrue(f.matchesRecord(record(Map.of("TAGS", "A", "a", "6", "b", "é"))));
        assertFalse(f.matchesRecord(record(Map.of("TAGS", "A", "a", "5", "b", "é"))));
        assertFalse(f.matchesRecord(record(Map.of("TAGS", "B", "a", "6", "b", "é"))));
        assertFalse(f.matchesRecord(record(Map.of("a", "6", "b", "é"))));
        assertFalse(f.matchesRecord(record(Map.of())));
    }

    @Test
    void aPropertyNameInsideAnotherIsNotConfused() throws FilterSyntaxException {
        SqlMessageFilter f = new SqlMessageFilter(SqlFilter.compile("a = '1'"));
        assertFalse(f.matchesRecord(record(Map.of("aa", "1", "ba", "1"))));
        assertTrue(f.matchesRecord(record(Map.of("aa", "2", "a", "1"))));
    }
}
