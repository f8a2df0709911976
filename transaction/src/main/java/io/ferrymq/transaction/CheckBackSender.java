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
     * @return the address of the producer the check was written to (recorded in the op queue), or null
     *         when none of the group is connected
     */
    String sendCheck(String producerGroup, InetSocketAddress bornHost, MessageExt check);
}
