package io.ferrymq.client.producer;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import java.util.Map;

/** A read-only view of a half message a broker asks about in a check-back. */
public final class MessageView {
    private final MessageExt message;

    MessageView(MessageExt message) {
        this.message = message;
    }

    /** The transaction id: the message's unique id ({@code UNIQ_KEY}), as {@code send} returned it. */
    public String transactionId() {
        return message.getUniqKey();
    }

    /** The topic the message is for (its real topic, not the broker's half-message topic). */
    public String topic() {
        return message.getTopic();
    }

    /** The message's tag, or null. */
    public String tags() {
        return message.getTags();
    }

    /** The message's keys ({@code KEYS}, several separated by spaces), or null. */
    public String keys() {
        return message.getKeys();
    }

    /** A copy of the body. */
    public byte[] body() {
        return message.getBody() == null ? new byte[0] : message.getBody().clone();
    }

    /** A property of the message (user or system), or null. */
    public String property(String name) {
        return message.getProperty(name);
    }

    /** Every property, read-only. */
    public Map<String, String> properties() {
        return message.getProperties();
    }

    /** When the producer sent the half message (its clock, epoch ms). */
    public long bornTimestamp() {
        return message.getBornTimestamp();
    }

    /** How many times the broker asked about this transaction so far, this check included. */
    public int checkTimes() {
        String times = message.getProperty(MessageConst.TRANSACTION_CHECK_TIMES);
        try {
            return times == null ? 0 : Integer.parseInt(times.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return "MessageView{transactionId=" + transactionId() + ", topic=" + topic() + ", keys=" + keys()
                + ", checkTimes=" + checkTimes() + "}";
    }
}
