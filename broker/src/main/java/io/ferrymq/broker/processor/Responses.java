package io.ferrymq.broker.processor;

import io.ferrymq.remoting.protocol.RemotingCommand;
import io.ferrymq.remoting.protocol.ResponseCode;

/** Small builders for responses. */
public final class Responses {
    private Responses() {
    }

    public static RemotingCommand success(RemotingCommand request) {
        return RemotingCommand.createResponse(request, ResponseCode.SUCCESS, null);
    }

    public static RemotingCommand of(RemotingCommand request, int code, String remark) {
        return RemotingCommand.createResponse(request, code, remark);
    }
}
