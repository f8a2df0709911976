package io.ferrymq.client;

/**
 * A client call that failed: the message says what went wrong and, where it can, what to do.
 * {@link #responseCode()} is the broker's or name server's code, or -1 when none answered.
 */
public class ClientException extends RuntimeException {
    /** The server's response code, -1 when none answered. */
    private final int responseCode;

    /** A failure no server answered (response code -1). */
    public ClientException(String message) {
        this(-1, message, null);
    }

    /** A failure the server answered with {@code responseCode}. */
    public ClientException(int responseCode, String message) {
        this(responseCode, message, null);
    }

    /** A failure with its server code (-1 when none answered) and what caused it. */
    public ClientException(int responseCode, String message, Throwable cause) {
        super(message, cause);
        this.responseCode = responseCode;
    }

    /** The broker's or name server's response code (RocketMQ's codes, e.g. 17 topic not found), or -1. */
    public int responseCode() {
        return responseCode;
    }
}
