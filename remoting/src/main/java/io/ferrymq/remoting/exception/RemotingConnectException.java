package io.ferrymq.remoting.exception;

/** No connection could be made to the address. */
public class RemotingConnectException extends RemotingException {
    public RemotingConnectException(String address, Throwable cause) {
        super("connect to " + address + " failed", cause);
    }
}
