package io.ferrymq.remoting.exception;

/** A request was sent but its response did not arrive in time. */
public class RemotingTimeoutException extends RemotingException {
    public RemotingTimeoutException(String address, long timeoutMillis) {
        super("wait response on the channel <" + address + "> timeout, " + timeoutMillis + "(ms)");
    }
}
