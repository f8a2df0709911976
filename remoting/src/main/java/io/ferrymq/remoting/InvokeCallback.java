package io.ferrymq.remoting;

import io.ferrymq.remoting.protocol.RemotingCommand;

/** Completion of an asynchronous call: exactly one of the two arguments is non-null. */
@FunctionalInterface
public interface InvokeCallback {
    void onComplete(RemotingCommand response, Throwable failure);
}
