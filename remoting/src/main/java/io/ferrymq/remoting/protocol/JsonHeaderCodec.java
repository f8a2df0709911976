package io.ferrymq.remoting.protocol;

import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONReader;
import com.alibaba.fastjson2.JSONWriter;
import io.ferrymq.remoting.exception.RemotingCommandException;
import java.util.HashMap;
import java.util.Map;

/**
 * The JSON header: one object with {@code code, extFields, flag, language, opaque, remark,
 * serializeTypeCurrentRPC, version}. Read and written field by field with fastjson2's streaming
 * reader and writer (no bean binding on the hot path). Unknown keys are skipped; ext values that
 * arrive as numbers or booleans are kept as their text, as the official parser coerces them.
 */
final class JsonHeaderCodec {
    private static final int EXT_FIELDS_CAPACITY = 32;
    private JsonHeaderCodec() {
    }

    static byte[] encode(RemotingCommand cmd) {
        try (JSONWriter w = JSONWriter.ofUTF8()) {
            w.startObject();
            w.writeName("code");
            w.writeColon();
            w.writeInt32(cmd.getCode());
            Map<String, String> ext = cmd.getExtFields();
            if (ext != null) {
                w.writeName("extFields");
                w.writeColon();
                w.startObject();
                for (Map.Entry<String, String> e : ext.entrySet()) {
                    w.writeName(e.getKey());
                    w.writeColon();
                    w.writeString(e.getValue());
                }
                w.endObject();
            }
            w.writeName("flag");
            w.writeColon();
            w.writeInt32(cmd.getFlag());
            w.writeName("language");
            w.writeColon();
            w.writeString(cmd.getLanguage().name());
            w.writeName("opaque");
            w.writeColon();
            w.writeInt32(cmd.getOpaque());
            if (cmd.getRemark() != null) {
                w.writeName("remark");
                w.writeColon();
                w.writeString(cmd.getRemark());
            }
            w.writeName("serializeTypeCurrentRPC");
            w.writeColon();
            w.writeString(SerializeType.JSON.name());
            w.writeName("version");
            w.writeColon();
            w.writeInt32(cmd.getVersion());
            w.endObject();
            return w.getBytes();
        }
    }

    static void decode(byte[] header, RemotingCommand cmd) {
        try (JSONReader r = JSONReader.of(header, 0, header.length)) {
            if (!r.nextIfObjectStart()) {
                throw new RemotingCommandException("JSON header is not an object");
            }
            while (!r.nextIfObjectEnd()) {
                String name = r.readFieldName();
                if (name == null) {
                    throw new RemotingCommandException("JSON header has a malformed field name");
                }
                switch (name) {
                    case "code" -> cmd.setCode(r.readInt32Value());
                    case "flag" -> cmd.setFlag(r.readInt32Value());
                    case "opaque" -> cmd.setOpaque(r.readInt32Value());
                    case "version" -> cmd.setVersion(r.readInt32Value());
                    case "language" -> cmd.setLanguage(readLanguage(r));
                    case "remark" -> cmd.setRemark(r.nextIfNull() ? null : r.readString());
                    case "extFields" -> cmd.setExtFields(readExtFields(r));
                    default -> r.skipValue();
                }
            }
        } catch (JSONException | NumberFormatException | ClassCastException | IndexOutOfBoundsException e) {
            throw new RemotingCommandException("malformed JSON header: " + e.getMessage(), e);
        }
    }

    private static LanguageCode readLanguage(JSONReader r) {
        if (r.isNumber()) {
            return LanguageCode.ofCode(r.readInt32Value());
        }
        return LanguageCode.ofName(r.nextIfNull() ? null : r.readString());
    }

    private static HashMap<String, String> readExtFields(JSONReader r) {
        if (r.nextIfNull()) {
            return null;
        }
        if (!r.nextIfObjectStart()) {
            throw new RemotingCommandException("extFields is not an object");
        }
        // Sized for a SEND_MESSAGE_V2 header (14 fields) so the map never grows while decoding.
        HashMap<String, String> ext = new HashMap<>(EXT_FIELDS_CAPACITY);
        while (!r.nextIfObjectEnd()) {
            String key = r.readFieldName();
            if (key == null) {
                throw new RemotingCommandException("extFields has a malformed key");
            }
            if (r.nextIfNull()) {
                continue;
            }
            Object value = r.isString() ? r.readString() : r.readAny();
            if (value instanceof Map || value instanceof java.util.Collection) {
                throw new RemotingCommandException("extFields value of <" + key + "> is not a scalar");
            }
            ext.put(key, String.valueOf(value));
        }
        return ext;
    }
}
