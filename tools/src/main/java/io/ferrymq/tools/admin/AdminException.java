package io.ferrymq.tools.admin;

/** An admin call that did not succeed; the message says why, for the operator. */
public class AdminException extends RuntimeException {
    public AdminException(String message) {
        super(message);
    }
}
