package io.ferrymq.remoting;

import io.ferrymq.remoting.protocol.RemotingCommand;
import io.netty.channel.ChannelHandlerContext;

/**
 * Handles requests of one or more codes. Runs on the executor it was registered with, never on a
 * Netty I/O thread.
 */
public interface RequestProcessor {
    /**
     * Returns the response to write, or null when there is none yet (a held long-poll that answers
     * later through the channel) or none at all. For oneway requests the response is discarded.
     */
    RemotingCommand processRequest(ChannelHandlerContext ctx, RemotingCommand request) throws Exception;

    /** True to answer SYSTEM_BUSY at once instead of queueing (flow control). */
    default boolean rejectRequest() {
        return false;
    }
}
