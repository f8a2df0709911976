package io.ferrymq.broker.filter;

import io.ferrymq.broker.client.SubscriptionData;
import io.ferrymq.store.MessageFilter;
import java.util.List;

/**
 * Turns a subscription into the store's {@link MessageFilter}: tag hashes for TAG subscriptions, the
 * compiled expression for SQL92 ones, or a refusal when property filtering is off
 * ({@code enablePropertyFilter=false}), the expression type is unknown or the expression does not compile.
 * Thread-safe.
 */
public final class SubscriptionFilters {
    private static final int CACHE_CAPACITY = 1024;

    /** What became of a subscription. */
    public enum Outcome {
        ACCEPTED, DISABLED, INVALID
    }

    /** A filter when {@link Outcome#ACCEPTED}, else a readable remark. */
    public record Decision(Outcome outcome, MessageFilter filter, String remark) {
        public boolean accepted() {
            return outcome == Outcome.ACCEPTED;
        }
    }

    private final boolean propertyFilterEnabled;
    private final SqlFilterCache cache = new SqlFilterCache(CACHE_CAPACITY);

    public SubscriptionFilters(boolean propertyFilterEnabled) {
        this.propertyFilterEnabled = propertyFilterEnabled;
    }

    public Decision decide(SubscriptionData sub) {
        if (sub.isTagType()) {
            return new Decision(Outcome.ACCEPTED, tagFilter(sub), null);
        }
        String type = sub.getExpressionType();
        if (!propertyFilterEnabled) {
            // RocketMQ's remark for a broker with enablePropertyFilter=false
            return new Decision(Outcome.DISABLED, null,
                    "The broker does not support consumer to filter message by " + type);
        }
        if (!SubscriptionData.SQL92.equalsIgnoreCase(type)) {
            return new Decision(Outcome.INVALID, null, "expression type " + type + " is not supported (TAG or SQL92)");
        }
        SqlFilterCache.Compiled c = cache.compile(sub.getSubString());
        return c.ok() ? new Decision(Outcome.ACCEPTED, new SqlMessageFilter(c.filter()), null)
                : new Decision(Outcome.INVALID, null, c.error());
    }

    private static MessageFilter tagFilter(SubscriptionData sub) {
        if (sub.matchesAll()) {
            return MessageFilter.ALL;
        }
        List<Integer> codes = sub.getCodeSet();
        int[] hashes = new int[codes.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = codes.get(i);
        }
        return MessageFilter.ofTagHashes(hashes);
    }
}
