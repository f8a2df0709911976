package io.ferrymq.remoting.exception;

/** A command's header is missing a mandatory field or carries an unparsable value. */
public class RemotingCommandException extends RemotingException {
    public RemotingCommandException(String message) {
        super(message);
    }

    public RemotingCommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
