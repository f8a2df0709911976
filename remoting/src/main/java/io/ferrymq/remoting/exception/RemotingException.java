package io.ferrymq.remoting.exception;

/** Base of the remoting layer's failures: a call that could not be made or was not answered. */
public class RemotingException extends RuntimeException {
    public RemotingException(String message) {
        super(message);
    }

    public RemotingException(String message, Throwable cause) {
        super(message, cause);
    }
}
