package io.ferrymq.transaction;

import io.ferrymq.common.message.MessageExt;
import java.net.InetSocketAddress;

/**
 * The broker's side of a check-back: sends CHECK_TRANSACTION_STATE to a live producer of the group.
 * Implementations prefer the connection the half message came from ({@code bornHost}).
 */
public interface CheckBackSender {
    /**
     * @param check the message as the producer should see it (real topic and queue, check count set)
     * @return true when a check was written to some producer; false when none of the group is connected
     */
    boolean sendCheck(String producerGroup, InetSocketAddress bornHost, MessageExt check);
}
