package io.ferrymq.broker.filter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A compiled SQL92 property filter (RocketMQ's {@code MessageSelector.bySql}), for example
 * {@code a > 5 AND b = 'x'} or {@code TAGS IN ('A', 'B') AND price BETWEEN 1.5 AND 10}.
 *
 * <p>Language: comparisons {@code = <> < <= > >=}, {@code AND}, {@code OR}, {@code NOT}, parentheses,
 * {@code IS [NOT] NULL}, {@code [NOT] BETWEEN a AND b}, {@code [NOT] IN ('a', 'b')},
 * {@code [NOT] CONTAINS|STARTSWITH|ENDSWITH 'text'}, {@code TRUE}, {@code FALSE}; identifiers name message
 * properties ({@code TAGS} is the tag, {@code KEYS} the keys). Semantics: a missing property or a value of
 * the wrong type makes its comparison unknown (never a match, also under NOT); see {@link Values} for how
 * strings meet numbers and booleans. Differences from RocketMQ's parser, on purpose: NOT binds looser than a
 * comparison (SQL's rule), and a property of value "true"/"false" can stand alone as a condition.
 *
 * <p>Immutable and thread-safe; {@link #matches} allocates only the property values it reads.
 */
public final class SqlFilter {
    private final String expression;
    private final Condition root;
    private final Set<String> propertyNames;

    private SqlFilter(String expression, Condition root, Set<String> propertyNames) {
        this.expression = expression;
        this.root = root;
        this.propertyNames = propertyNames;
    }

    /** Compiles {@code expression}; the exception says what is wrong and at which position. */
    public static SqlFilter compile(String expression) throws FilterSyntaxException {
        if (expression == null) {
            throw new FilterSyntaxException("", 0, "the expression is empty");
        }
        Map<String, PropertyName> names = new LinkedHashMap<>();
        Condition root = SqlParser.parse(expression, names);
        return new SqlFilter(expression, root, Set.copyOf(names.keySet()));
    }

    /** True when the message whose properties {@code properties} gives is selected (the expression is TRUE). */
    public boolean matches(PropertyLookup properties) {
        return root.evaluate(properties) == Truth.TRUE;
    }

    /** True when the message with these properties is selected. */
    public boolean matches(Map<String, String> properties) {
        return matches(name -> properties.get(name.name()));
    }

    /** The source text. */
    public String expression() {
        return expression;
    }

    /** The properties the expression reads. */
    public Set<String> propertyNames() {
        return propertyNames;
    }

    /** The parsed tree, fully parenthesised (for logs and tests). */
    @Override
    public String toString() {
        return root.toString();
    }
}
