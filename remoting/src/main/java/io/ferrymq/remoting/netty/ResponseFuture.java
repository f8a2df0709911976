package io.ferrymq.remoting.netty;

import io.ferrymq.remoting.InvokeCallback;
import io.ferrymq.remoting.protocol.RemotingCommand;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/** An outstanding request waiting for the response with its opaque. Completes exactly once. */
final class ResponseFuture {
    private final int opaque;
    private final String remoteAddr;
    private final long timeoutMillis;
    private final InvokeCallback callback;
    private final Semaphore permits;
    private final CompletableFuture<RemotingCommand> result = new CompletableFuture<>();
    private final AtomicBoolean permitReleased = new AtomicBoolean();

    ResponseFuture(int opaque, String remoteAddr, long timeoutMillis, InvokeCallback callback, Semaphore permits) {
        this.opaque = opaque;
        this.remoteAddr = remoteAddr;
        this.timeoutMillis = timeoutMillis;
        this.callback = callback;
        this.permits = permits;
    }

    int opaque() {
        return opaque;
    }

    String remoteAddr() {
        return remoteAddr;
    }

    long timeoutMillis() {
        return timeoutMillis;
    }

    InvokeCallback callback() {
        return callback;
    }

    CompletableFuture<RemotingCommand> result() {
        return result;
    }

    /** Returns true only for the first completion. */
    boolean complete(RemotingCommand response, Throwable failure) {
        boolean first = failure == null ? result.complete(response) : result.completeExceptionally(failure);
        if (first) {
            releasePermit();
        }
        return first;
    }

    void releasePermit() {
        if (permits != null && permitReleased.compareAndSet(false, true)) {
            permits.release();
        }
    }
}
