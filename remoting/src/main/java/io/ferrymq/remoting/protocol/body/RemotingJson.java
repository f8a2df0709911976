package io.ferrymq.remoting.protocol.body;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONReader;
import io.ferrymq.remoting.exception.RemotingCommandException;
import java.nio.charset.StandardCharsets;

/**
 * JSON bodies of control-path commands (routes, registrations, admin), with fastjson2 beans.
 * Unknown keys are ignored and non-standard forms the official side writes (unquoted numeric map
 * keys, single quotes) are accepted.
 */
public final class RemotingJson {
    private static final JSONReader.Feature[] LENIENT = {
        JSONReader.Feature.AllowUnQuotedFieldNames, JSONReader.Feature.IgnoreSetNullValue,
        JSONReader.Feature.SupportSmartMatch
    };

    private RemotingJson() {
    }

    public static byte[] encode(Object body) {
        return JSON.toJSONString(body).getBytes(StandardCharsets.UTF_8);
    }

    public static <T> T decode(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new RemotingCommandException("missing " + type.getSimpleName() + " body");
        }
        try {
            T value = JSON.parseObject(body, type, LENIENT);
            if (value == null) {
                throw new RemotingCommandException("empty " + type.getSimpleName() + " body");
            }
            return value;
        } catch (JSONException | ClassCastException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new RemotingCommandException("malformed " + type.getSimpleName() + " body: " + e.getMessage(), e);
        }
    }
}
