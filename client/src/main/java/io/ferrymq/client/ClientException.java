package io.ferrymq.client;

/**
 * A client call that failed: the message says what went wrong and, where it can, what to do.
 * {@link #responseCode()} is the broker's or name server's code, or -1 when none answered.
 */
public class ClientException extends RuntimeException {
    private final int responseCode;

    public ClientException(String message) {
        this(-1, message, null);
    }

    public ClientException(int responseCode, String message) {
        this(responseCode, message, null);
    }

    public ClientException(int responseCode, String message, Throwable cause) {
        super(message, cause);
        this.responseCode = responseCode;
    }

    public int responseCode() {
        return responseCode;
    }
}
