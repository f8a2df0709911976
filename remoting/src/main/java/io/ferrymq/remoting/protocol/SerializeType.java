package io.ferrymq.remoting.protocol;

/** How a frame's header is serialized: the high byte of the frame's second word. */
public enum SerializeType {
    JSON((byte) 0),
    ROCKETMQ((byte) 1);

    private final byte code;

    SerializeType(byte code) {
        this.code = code;
    }

    public byte code() {
        return code;
    }

    /** Returns the type for a wire code, or null when the code is unknown. */
    public static SerializeType ofCode(int code) {
        if (code == 0) {
            return JSON;
        }
        if (code == 1) {
            return ROCKETMQ;
        }
        return null;
    }
}
