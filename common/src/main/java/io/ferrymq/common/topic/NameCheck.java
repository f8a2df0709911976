package io.ferrymq.common.topic;

/**
 * Result of validating a topic or group name: valid, or invalid with a reason a human can act on.
 *
 * @param valid whether the name is acceptable
 * @param reason why not; empty when valid
 */
public record NameCheck(boolean valid, String reason) {

    /** The shared result for every valid name. */
    public static final NameCheck OK = new NameCheck(true, "");

    static NameCheck invalid(String reason) {
        return new NameCheck(false, reason);
    }
}
