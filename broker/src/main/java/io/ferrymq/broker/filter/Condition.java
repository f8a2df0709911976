package io.ferrymq.broker.filter;

import java.util.Set;
import java.util.stream.Collectors;

/** A node of a compiled filter: evaluates to {@link Truth} for one message. Immutable, thread-safe. */
sealed interface Condition {

    Truth evaluate(PropertyLookup properties);

    /** {@code left AND right} / {@code left OR right}, short-circuiting where the answer is known. */
    record Logical(boolean and, Condition left, Condition right) implements Condition {
        @Override
        public Truth evaluate(PropertyLookup properties) {
            Truth l = left.evaluate(properties);
            if (and ? l == Truth.FALSE : l == Truth.TRUE) {
                return l;
            }
            Truth r = right.evaluate(properties);
            if (and ? r == Truth.FALSE : r == Truth.TRUE) {
                return r;
            }
            return l == Truth.UNKNOWN || r == Truth.UNKNOWN ? Truth.UNKNOWN : l;
        }

        @Override
        public String toString() {
            return "(" + left + (and ? " AND " : " OR ") + right + ")";
        }
    }

    /** {@code NOT inner}. */
    record Not(Condition inner) implements Condition {
        @Override
        public Truth evaluate(PropertyLookup properties) {
            return inner.evaluate(properties).not();
        }

        @Override
        public String toString() {
            return "NOT " + inner;
        }
    }

    /** Comparison operators. */
    enum Op {
        EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean ordering() {
            return this != EQ && this != NE;
        }
    }

    /** {@code left op right}; unknown when either side is null or the values do not compare. */
    record Comparison(Op op, Operand left, Operand right) implements Condition {
        @Override
        public Truth evaluate(PropertyLookup properties) {
            Object l = left.value(properties);
            if (l == null) {
                return Truth.UNKNOWN;
            }
            Object r = right.value(properties);
            if (r == null) {
                return Truth.UNKNOWN;
            }
            if (op == Op.EQ) {
                return Values.equal(l, r);
            }
            if (op == Op.NE) {
                return Values.equal(l, r).not();
            }
            int order = Values.order(l, r);
            if (order == Values.INCOMPARABLE) {
                return Truth.UNKNOWN;
            }
            return Truth.of(switch (op) {
                case LT -> order < 0;
                case LE -> order <= 0;
                case GT -> order > 0;
                default -> order >= 0;
            });
        }

        @Override
        public String toString() {
            return left + " " + op.symbol + " " + right;
        }
    }

    /** {@code operand IS [NOT] NULL}: never unknown. */
    record IsNull(Operand operand, boolean negated) implements Condition {
        @Override
        public Truth evaluate(PropertyLookup properties) {
            return Truth.of((operand.value(properties) == null) != negated);
        }

        @Override
        public String toString() {
            return operand + (negated ? " IS NOT NULL" : " IS NULL");
        }
    }

    /** {@code property [NOT] IN ('a', 'b')}: string membership; unknown when the property is missing. */
    record In(Operand.Property property, Set<String> values, boolean negated) implements Condition {
        @Override
        public Truth evaluate(PropertyLookup properties) {
            Object v = property.value(properties);
            if (!(v instanceof String s)) {
                return Truth.UNKNOWN;
            }
            return Truth.of(values.contains(s) != negated);
        }

        @Override
        public String toString() {
            return property + (negated ? " NOT IN (" : " IN (")
                    + values.stream().map(v -> "'" + v.replace("'", "''") + "'").sorted()
                    .collect(Collectors.joining(", ")) + ")";
        }
    }

    /** String tests of RocketMQ 5. */
    enum Match {
        CONTAINS, STARTSWITH, ENDSWITH
    }

    /** {@code operand [NOT] CONTAINS|STARTSWITH|ENDSWITH 'text'}; unknown when the operand is missing. */
    record StringMatch(Match match, Operand operand, String text, boolean negated) implements Condition {
        @Override
        public Truth evaluate(PropertyLookup properties) {
            Object v = operand.value(properties);
            if (!(v instanceof String s)) {
                return Truth.UNKNOWN;
            }
            boolean found = switch (match) {
                case CONTAINS -> s.contains(text);
                case STARTSWITH -> s.startsWith(text);
                case ENDSWITH -> s.endsWith(text);
            };
            return Truth.of(found != negated);
        }

        @Override
        public String toString() {
            return operand + (negated ? " NOT " : " ") + match + " '" + text.replace("'", "''") + "'";
        }
    }

    /**
     * A value used as a condition: {@code TRUE}, {@code FALSE}, or a property whose value is
     * {@code true}/{@code false} (any case); anything else is unknown.
     */
    record BooleanValue(Operand operand) implements Condition {
        @Override
        public Truth evaluate(PropertyLookup properties) {
            Object v = operand.value(properties);
            if (v instanceof Boolean b) {
                return Truth.of(b);
            }
            return v == null ? Truth.UNKNOWN : Values.equal(v, Boolean.TRUE);
        }

        @Override
        public String toString() {
            return operand.toString();
        }
    }
}
