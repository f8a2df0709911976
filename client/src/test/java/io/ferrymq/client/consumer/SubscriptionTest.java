package io.ferrymq.client.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferrymq.common.message.MessageExt;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SubscriptionTest {
    private static MessageExt tagged(String tag) {
        MessageExt m = new MessageExt();
        if (tag != null) {
            m.setTags(tag);
        }
        return m;
    }

    @Test
    void tagExpressionsAreParsedLikeTheOfficialClient() {
        Subscription s = Subscription.tags(" TagA || TagB ||TagC ");
        assertEquals(Set.of("TagA", "TagB", "TagC"), s.tagSet());
        assertTrue(s.matches(tagged("TagB")));
        assertFalse(s.matches(tagged("TagD")));
        assertFalse(s.matches(tagged(null)));
        for (String all : new String[] {"*", " * ", "", null}) {
            assertTrue(Subscription.tags(all).matchesAll());
            assertTrue(Subscription.tags(all).matches(tagged(null)));
        }
        assertThrows(IllegalArgumentException.class, () -> Subscription.tags("||"));
    }

    @Test
    void heartbeatEntriesCarryTheWireFields() {
        Map<String, Object> tags = Subscription.tags("TagA || TagB").toHeartbeat("T", 42);
        assertEquals("T", tags.get("topic"));
        assertEquals("TagA || TagB", tags.get("subString"));
        assertEquals(List.of("TagA", "TagB"), tags.get("tagsSet"));
        assertEquals(List.of("TagA".hashCode(), "TagB".hashCode()), tags.get("codeSet"));
        assertEquals(42L, tags.get("subVersion"));
        assertEquals("TAG", tags.get("expressionType"));

        Map<String, Object> sql = Subscription.sql("a > 5 AND b = 'x'").toHeartbeat("T", 1);
        assertEquals("SQL92", sql.get("expressionType"));
        assertEquals("a > 5 AND b = 'x'", sql.get("subString"));
        assertEquals(List.of(), sql.get("tagsSet"));
        assertTrue(Subscription.sql("a > 5").matches(tagged("anything")), "SQL92 is filtered by the broker");
        assertThrows(IllegalArgumentException.class, () -> Subscription.sql(" "));
    }
}
