package io.ferrymq.remoting.exception;

/** Too many asynchronous or oneway requests are outstanding on this endpoint. */
public class RemotingTooMuchRequestException extends RemotingException {
    public RemotingTooMuchRequestException(String message) {
        super(message);
    }
}
