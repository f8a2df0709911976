package io.ferrymq.remoting.protocol;

import io.ferrymq.common.MQVersion;
import io.ferrymq.remoting.exception.RemotingCommandException;
import io.netty.buffer.ByteBuf;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One frame of the remoting protocol: a request or a response, its header fields and its body.
 *
 * <p>The "custom header" of every command travels as {@code extFields}, string to string; the
 * accessors here parse them on demand and fail with the official wording
 * ("the custom field &lt;x&gt; is null") when a mandatory one is missing.
 *
 * <p>A body is either a byte array or, for zero-copy responses, a {@link ByteBuf} that the
 * encoder writes and releases. Not thread-safe: a command belongs to one thread at a time.
 */
public final class RemotingCommand {
    /** Version ordinal put in every command we send. */
    public static final int CURRENT_VERSION = MQVersion.CURRENT;

    private static final int RESPONSE_BIT = 0x1;
    private static final int ONEWAY_BIT = 0x2;
    private static final AtomicInteger OPAQUE_SEQUENCE = new AtomicInteger(0);

    private int code;
    private LanguageCode language = LanguageCode.JAVA;
    private int version = CURRENT_VERSION;
    private int opaque;
    private int flag;
    private String remark;
    private HashMap<String, String> extFields;
    private byte[] body;
    private ByteBuf bodyBuf;
    private SerializeType serializeType = SerializeType.JSON;

    /** A fresh request with its own opaque. */
    public static RemotingCommand createRequest(int code) {
        RemotingCommand cmd = new RemotingCommand();
        cmd.code = code;
        cmd.opaque = OPAQUE_SEQUENCE.getAndIncrement();
        return cmd;
    }

    /** A response to {@code request}: same opaque and the same header serialization. */
    public static RemotingCommand createResponse(RemotingCommand request, int code, String remark) {
        RemotingCommand cmd = new RemotingCommand();
        cmd.code = code;
        cmd.remark = remark;
        cmd.opaque = request.opaque;
        cmd.flag = RESPONSE_BIT;
        cmd.serializeType = request.serializeType;
        return cmd;
    }

    /** An empty command for decoders to fill. */
    public static RemotingCommand empty() {
        return new RemotingCommand();
    }

    public boolean isResponse() {
        return (flag & RESPONSE_BIT) != 0;
    }

    public boolean isOneway() {
        return (flag & ONEWAY_BIT) != 0;
    }

    public RemotingCommand markOneway() {
        flag |= ONEWAY_BIT;
        return this;
    }

    public RemotingCommand markResponse() {
        flag |= RESPONSE_BIT;
        return this;
    }

    // ---- ext fields -------------------------------------------------------------------------

    public RemotingCommand putExt(String key, String value) {
        if (value != null) {
            if (extFields == null) {
                extFields = new HashMap<>();
            }
            extFields.put(key, value);
        }
        return this;
    }

    public RemotingCommand putExt(String key, long value) {
        return putExt(key, Long.toString(value));
    }

    public RemotingCommand putExt(String key, boolean value) {
        return putExt(key, value ? "true" : "false");
    }

    /** Ensures the ext map exists even when empty (some clients read it without a null check). */
    public RemotingCommand ensureExtFields() {
        if (extFields == null) {
            extFields = new HashMap<>();
        }
        return this;
    }

    public String ext(String key) {
        return extFields == null ? null : extFields.get(key);
    }

    public String requireExt(String key) {
        String value = ext(key);
        if (value == null) {
            throw new RemotingCommandException("the custom field <" + key + "> is null");
        }
        return value;
    }

    public int requireExtInt(String key) {
        return parseInt(key, requireExt(key));
    }

    public long requireExtLong(String key) {
        return parseLong(key, requireExt(key));
    }

    public int extInt(String key, int defaultValue) {
        String value = ext(key);
        return value == null ? defaultValue : parseInt(key, value);
    }

    public long extLong(String key, long defaultValue) {
        String value = ext(key);
        return value == null ? defaultValue : parseLong(key, value);
    }

    public boolean extBoolean(String key, boolean defaultValue) {
        String value = ext(key);
        return value == null ? defaultValue : Boolean.parseBoolean(value.trim());
    }

    private static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new RemotingCommandException("the custom field <" + key + "> is not an int: " + value);
        }
    }

    private static long parseLong(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new RemotingCommandException("the custom field <" + key + "> is not a long: " + value);
        }
    }

    // ---- plain accessors --------------------------------------------------------------------

    public int getCode() {
        return code;
    }

    public RemotingCommand setCode(int code) {
        this.code = code;
        return this;
    }

    public LanguageCode getLanguage() {
        return language;
    }

    public void setLanguage(LanguageCode language) {
        this.language = language;
    }

    public int getVersion() {
        return version;
    }

    public void setVersion(int version) {
        this.version = version;
    }

    public int getOpaque() {
        return opaque;
    }

    public void setOpaque(int opaque) {
        this.opaque = opaque;
    }

    public int getFlag() {
        return flag;
    }

    public void setFlag(int flag) {
        this.flag = flag;
    }

    public String getRemark() {
        return remark;
    }

    public RemotingCommand setRemark(String remark) {
        this.remark = remark;
        return this;
    }

    public Map<String, String> getExtFields() {
        return extFields;
    }

    public void setExtFields(HashMap<String, String> extFields) {
        this.extFields = extFields;
    }

    public byte[] getBody() {
        return body;
    }

    public RemotingCommand setBody(byte[] body) {
        this.body = body;
        return this;
    }

    /** Zero-copy body; ownership passes to the encoder, which releases it after writing. */
    public RemotingCommand setBodyBuf(ByteBuf bodyBuf) {
        this.bodyBuf = bodyBuf;
        return this;
    }

    public ByteBuf getBodyBuf() {
        return bodyBuf;
    }

    public int bodyLength() {
        if (bodyBuf != null) {
            return bodyBuf.readableBytes();
        }
        return body == null ? 0 : body.length;
    }

    public SerializeType getSerializeType() {
        return serializeType;
    }

    public RemotingCommand setSerializeType(SerializeType serializeType) {
        this.serializeType = serializeType;
        return this;
    }

    @Override
    public String toString() {
        return "RemotingCommand[code=" + code + ", language=" + language + ", version=" + version
                + ", opaque=" + opaque + ", flag=" + flag + ", remark=" + remark + ", extFields=" + extFields
                + ", serializeType=" + serializeType + ", bodyLength=" + bodyLength() + "]";
    }
}
