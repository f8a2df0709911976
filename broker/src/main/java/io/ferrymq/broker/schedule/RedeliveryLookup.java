package io.ferrymq.broker.schedule;

import io.ferrymq.common.message.MessageConst;
import io.ferrymq.common.message.MessageExt;
import io.ferrymq.common.message.MessageRecord;
import io.ferrymq.store.MessageStore;
import io.ferrymq.store.QueryResult;
import java.nio.ByteBuffer;
import java.time.InstantSource;
import java.util.Objects;

/**
 * After a crash, whether a message parked for a delay level or a delivery time was already re-put to its
 * real topic by {@link ParkedRedelivery} (the delivering service's saved progress may be older than its
 * last deliveries). The real topic is looked up in the index by unique key ({@code REAL_TOPIC#UNIQ_KEY}):
 * a record there that is this parked record's re-put has the same unique key, born timestamp, reconsume
 * times and {@code TIMER_OUT_MS} (a timer's delivery time; absent for delay levels), and was stored no
 * earlier than the parked record. Retries of one message sent back with a delay differ in reconsume
 * times, so they are told apart. Without an index (messageIndexEnable=false) nothing is found and
 * delivery falls back to at least once.
 *
 * <p>Control path: only for records that may have been delivered before the restart. Thread-safe.
 */
public final class RedeliveryLookup {
    /** Lookups reach this far past now (clock skew between writes). */
    private static final long SLACK_MILLIS = 60_000;
    private static final int MAX_CANDIDATES = 32;

    private final MessageStore store;
    private final InstantSource clock;

    public RedeliveryLookup(MessageStore store, InstantSource clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Whether the real topic already holds the re-put of {@code parked}. */
    public boolean alreadyRedelivered(MessageExt parked) {
        String uniqKey = parked.getUniqKey();
        String realTopic = parked.getProperty(MessageConst.REAL_TOPIC);
        if (uniqKey == null || realTopic == null) {
            return false;
        }
        String timerOut = parked.getProperty(MessageConst.TIMER_OUT_MS);
        try (QueryResult found = store.queryMessage(realTopic, uniqKey, MAX_CANDIDATES, parked.getStoreTimestamp(),
                clock.millis() + SLACK_MILLIS)) {
            for (ByteBuffer record : found.messages()) {
                MessageExt m = MessageRecord.decode(record.duplicate(), false, false);
                if (uniqKey.equals(m.getUniqKey()) && m.getBornTimestamp() == parked.getBornTimestamp()
                        && m.getReconsumeTimes() == parked.getReconsumeTimes()
                        && Objects.equals(timerOut, m.getProperty(MessageConst.TIMER_OUT_MS))) {
                    return true;
                }
            }
        }
        return false;
    }
}
