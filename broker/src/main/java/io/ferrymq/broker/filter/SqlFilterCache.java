package io.ferrymq.broker.filter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiled expressions by source text, so heartbeats and pulls that repeat an expression compile it
 * once. Failures are cached too. Bounded: when full it is emptied (expressions are few in practice; a
 * client sending a new one per pull only costs compilations). Thread-safe.
 */
public final class SqlFilterCache {
    /** A compiled filter, or why the expression does not compile. */
    public record Compiled(SqlFilter filter, String error) {
        public boolean ok() {
            return filter != null;
        }
    }

    private final int capacity;
    private final Map<String, Compiled> cache = new ConcurrentHashMap<>();

    public SqlFilterCache(int capacity) {
        this.capacity = capacity;
    }

    public Compiled compile(String expression) {
        String key = expression == null ? "" : expression;
        Compiled c = cache.get(key);
        if (c != null) {
            return c;
        }
        try {
            c = new Compiled(SqlFilter.compile(key), null);
        } catch (FilterSyntaxException e) {
            c = new Compiled(null, e.getMessage());
        }
        if (cache.size() >= capacity) {
            cache.clear();
        }
        cache.put(key, c);
        return c;
    }
}
