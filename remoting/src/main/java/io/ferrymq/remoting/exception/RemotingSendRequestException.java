package io.ferrymq.remoting.exception;

/** Writing the request to the connection failed (the connection closed, or the write failed). */
public class RemotingSendRequestException extends RemotingException {
    public RemotingSendRequestException(String address, Throwable cause) {
        super("send request to <" + address + "> failed", cause);
    }
}
