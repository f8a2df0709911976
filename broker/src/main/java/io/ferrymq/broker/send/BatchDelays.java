package io.ferrymq.broker.send;

import io.ferrymq.common.message.Message;
import io.ferrymq.common.message.MessageConst;
import java.util.List;
import java.util.Map;

/**
 * Batches are stored as sent, in one append to the real topic: a delay level or a delivery time on the
 * batch or on any of its messages cannot be honoured, so the batch is refused (MESSAGE_ILLEGAL) rather
 * than delivered early. The official broker refuses a batch with a delay level the same way, and its
 * client refuses to build one ("TimeDelayLevel is not supported for batched messages").
 */
final class BatchDelays {
    private static final String[] TIMER_PROPERTIES = {MessageConst.TIMER_DELAY_SEC, MessageConst.TIMER_DELAY_MS,
        MessageConst.TIMER_DELIVER_MS};

    private BatchDelays() {
    }

    /**
     * Why the batch can't be stored, or null when none of {@code batchProperties} (the request's own) and
     * {@code messages} asks for a delay level or a delivery time.
     */
    static String refusal(Map<String, String> batchProperties, List<Message> messages) {
        String refusal = refusal(batchProperties, "the batch");
        for (int i = 0; refusal == null && i < messages.size(); i++) {
            refusal = refusal(messages.get(i).getProperties(), "message " + i + " of the batch");
        }
        return refusal;
    }

    private static String refusal(Map<String, String> properties, String which) {
        String level = properties.get(MessageConst.DELAY);
        if (level != null && isPositive(level)) {
            return "TimeDelayLevel is not supported for batched messages: " + which + " has delay level "
                    + level.trim() + "; send delayed messages one by one";
        }
        for (String name : TIMER_PROPERTIES) {
            String value = properties.get(name);
            if (value != null) {
                return "timer messages are not supported for batched messages: " + which + " has " + name + "="
                        + value + "; send timer messages one by one";
            }
        }
        return null;
    }

    /** A level the single-message path would act on (it ignores 0, negative and unparseable levels). */
    private static boolean isPositive(String level) {
        try {
            return Integer.parseInt(level.trim()) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
