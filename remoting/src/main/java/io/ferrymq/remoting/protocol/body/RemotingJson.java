package io.ferrymq.remoting.protocol.body;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONFactory;
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

    /**
     * Builds the fastjson2 writers of these bean types now rather than at their first use (fastjson2
     * generates them: tens of milliseconds per type in a JVM that just started). A starting server
     * runs this on a helper thread for the bodies its first requests carry.
     */
    public static void prepareWriters(Class<?>... types) {
        for (Class<?> type : types) {
            JSONFactory.getDefaultObjectWriterProvider().getObjectWriter(type);
        }
    }

    /** Like {@link #prepareWriters}, for the readers of bodies a starting server receives first. */
    public static void prepareReaders(Class<?>... types) {
        for (Class<?> type : types) {
            JSONFactory.getDefaultObjectReaderProvider().getObjectReader(type);
        }
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
