package io.ferrymq.common;

/**
 * Protocol version numbers carried in the {@code version} field of every remoting command.
 *
 * <p>The official clients send the ordinal of their release in their own version enum; only the
 * values FerryMQ cares about are named here.
 */
public final class MQVersion {

    /** Version sent by the 4.9.8 client. */
    public static final int V4_9_8 = 409;

    /** First 5.x release (5.0.0). */
    public static final int V5_0_0 = 413;

    /** Version sent by the 5.3.1 client. */
    public static final int V5_3_1 = 475;

    /** Version FerryMQ servers and the FerryMQ SDK put in their commands. */
    public static final int CURRENT = V4_9_8;

    private MQVersion() {
    }

    /** RocketMQ's name for a version ordinal FerryMQ knows ({@code V4_9_8} for 409), else {@code V<ordinal>}. */
    public static String desc(int version) {
        return switch (version) {
            case V4_9_8 -> "V4_9_8";
            case V5_0_0 -> "V5_0_0";
            case V5_3_1 -> "V5_3_1";
            default -> "V" + version;
        };
    }

    /** True when a peer announcing {@code version} speaks at least the 5.x protocol. */
    public static boolean isAtLeast5(int version) {
        return version >= V5_0_0;
    }
}
