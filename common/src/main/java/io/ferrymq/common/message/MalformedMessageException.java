package io.ferrymq.common.message;

/**
 * Bytes that do not form a valid message record, batch body or compressed body. The message says
 * which field is wrong, where, and by how much.
 */
public class MalformedMessageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
