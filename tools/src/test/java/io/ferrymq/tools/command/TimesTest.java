package io.ferrymq.tools.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class TimesTest {

    @Test
    void takesNowEpochMillisAndRocketMqsDateForm() {
        long before = System.currentTimeMillis();
        long now = Times.parse(" now ");
        assertTrue(now >= before && now <= System.currentTimeMillis());
        assertEquals(1_700_000_000_123L, Times.parse("1700000000123"));
        long expected = LocalDateTime.of(2024, 5, 1, 12, 30, 15, 250_000_000).atZone(ZoneId.systemDefault())
                .toInstant().toEpochMilli();
        assertEquals(expected, Times.parse("2024-05-01#12:30:15:250"));
    }

    @Test
    void anythingElseIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Times.parse("yesterday"));
        assertTrue(e.getMessage().contains("yyyy-MM-dd#HH:mm:ss:SSS"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Times.parse("2024-13-01#00:00:00:000"));
    }
}
