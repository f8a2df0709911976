package io.ferrymq.remoting;

import io.ferrymq.remoting.protocol.RemotingCommand;
import io.netty.channel.ChannelHandlerContext;

/**
 * Handles requests of one or more codes. Runs on the executor it was registered with, or on the Netty
 * I/O thread that read the request when {@link #runsInline} says it may.
 */
public interface RequestProcessor {
    /**
     * Returns the response to write, or null when there is none yet (a held long-poll that answers
     * later through the channel) or none at all. For oneway requests the response is discarded.
     */
    RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) throws Exception;

    /**
     * True when this request may be processed on the I/O thread that read it: it is quick and cannot
     * block (no disk reads beyond memory already mapped and in use, no file writes, no waits). That
     * saves two thread hand-offs, the one to the executor and the one back to the I/O thread for the
     * write. Called on the I/O thread, so it must be cheap itself.
     */
    default boolean runsInline(RemotingCommand request) {
        return false;
    }

    /** True to answer SYSTEM_BUSY at once instead of queueing (flow control). */
    default boolean rejectRequest() {
        return false;
    }
}
