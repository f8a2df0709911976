package io.ferrymq.example.events;

import com.alibaba.fastjson2.JSON;
import java.nio.charset.StandardCharsets;

/** Message bodies are JSON, readable by any consumer. */
public final class Json {
    private Json() {
    }

    public static byte[] encode(Object event) {
        return JSON.toJSONString(event).getBytes(StandardCharsets.UTF_8);
    }

    public static <T> T decode(byte[] body, Class<T> type) {
        return JSON.parseObject(new String(body, StandardCharsets.UTF_8), type);
    }
}
