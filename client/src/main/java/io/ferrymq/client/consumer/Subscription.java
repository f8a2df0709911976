package io.ferrymq.client.consumer;

import io.ferrymq.common.message.MessageExt;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which messages of a topic a consumer wants: all of them, those with one of some tags
 * ({@code "TagA || TagB"}), or those whose properties satisfy an SQL92 expression (filtered by the
 * broker). Immutable.
 */
public final class Subscription {
    /** How the expression is read; the names are the wire's {@code expressionType}. */
    public enum Type {
        /** Tags separated by {@code ||}, or {@code *}. */
        TAG,
        /** An SQL92 condition on message properties, evaluated by the broker. */
        SQL92
    }

    private static final String ALL = "*";
    private static final Subscription EVERYTHING = new Subscription(Type.TAG, ALL, Set.of());

    private final Type type;
    private final String expression;
    private final Set<String> tags;

    private Subscription(Type type, String expression, Set<String> tags) {
        this.type = type;
        this.expression = expression;
        this.tags = tags;
    }

    /** Every message of the topic ({@code "*"}). */
    public static Subscription all() {
        return EVERYTHING;
    }

    /**
     * Messages tagged with one of the tags of {@code expression}, tags separated by {@code ||}
     * ({@code "TagA || TagB"}); {@code "*"}, null or blank means every message.
     */
    public static Subscription tags(String expression) {
        if (expression == null || expression.isBlank() || ALL.equals(expression.trim())) {
            return EVERYTHING;
        }
        Set<String> tags = new LinkedHashSet<>();
        for (String part : expression.split("\\|\\|")) {
            String tag = part.trim();
            if (!tag.isEmpty()) {
                tags.add(tag);
            }
        }
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("tag expression '" + expression + "' names no tag; use \"*\" for all "
                    + "messages or \"TagA || TagB\"");
        }
        return new Subscription(Type.TAG, expression.trim(), Collections.unmodifiableSet(tags));
    }

    /**
     * Messages whose properties satisfy an SQL92 expression such as {@code "a > 5 AND region = 'eu'"},
     * evaluated by the broker (which must have SQL filtering enabled).
     */
    public static Subscription sql(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("SQL92 expression is empty; use Subscription.all() for every message");
        }
        return new Subscription(Type.SQL92, expression.trim(), Set.of());
    }

    /** Whether the expression is a tag list or an SQL92 condition. */
    public Type type() {
        return type;
    }

    /** The expression as sent to the broker ({@code subString}). */
    public String expression() {
        return expression;
    }

    /** The tags of a tag subscription; empty for {@code "*"} and for SQL92. */
    public Set<String> tagSet() {
        return tags;
    }

    /** True for {@code "*"}. */
    public boolean matchesAll() {
        return type == Type.TAG && tags.isEmpty();
    }

    /**
     * Whether a pulled message is for this subscription. The broker filters tags by hash, so the client
     * checks the tag itself again; SQL92 is the broker's alone.
     */
    public boolean matches(MessageExt message) {
        return type == Type.SQL92 || tags.isEmpty() || (message.getTags() != null && tags.contains(message.getTags()));
    }

    /** The {@code subscriptionDataSet} entry of heartbeats (RocketMQ's SubscriptionData JSON). */
    Map<String, Object> toHeartbeat(String topic, long subVersion) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("topic", topic);
        data.put("subString", expression);
        data.put("tagsSet", new ArrayList<>(tags));
        List<Integer> codes = new ArrayList<>();
        tags.forEach(t -> codes.add(t.hashCode()));
        data.put("codeSet", codes);
        data.put("subVersion", subVersion);
        data.put("expressionType", type.name());
        data.put("classFilterMode", false);
        return data;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Subscription s && type == s.type && expression.equals(s.expression);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, expression);
    }

    @Override
    public String toString() {
        return type + "(" + expression + ")";
    }
}
