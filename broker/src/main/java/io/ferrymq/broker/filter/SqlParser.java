package io.ferrymq.broker.filter;

import io.ferrymq.broker.filter.SqlToken.Kind;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recursive-descent parser of RocketMQ's SQL92 filter language into a {@link Condition} tree.
 *
 * <pre>
 * expression := or END
 * or         := and (OR and)*
 * and        := not (AND not)*
 * not        := NOT not | predicate
 * predicate  := '(' or ')'
 *             | operand ( ('=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') operand
 *                       | IS [NOT] NULL
 *                       | [NOT] BETWEEN operand AND operand
 *                       | [NOT] IN '(' string (',' string)* ')'
 *                       | [NOT] (CONTAINS | STARTSWITH | ENDSWITH) string
 *                       | (nothing: a property or TRUE/FALSE used as a condition) )
 * operand    := property | string | number | TRUE | FALSE | ('+' | '-') number
 * </pre>
 *
 * Precedence is SQL's: OR below AND below NOT below the predicates, so {@code NOT a = 1} is
 * {@code NOT (a = 1)}. Checks done here rather than per message: only numbers are ordered
 * ({@code <}, {@code BETWEEN}), literal BETWEEN bounds must be in order, NULL is only tested with IS.
 */
final class SqlParser {
    private static final int MAX_DEPTH = 100;
    private static final Map<Kind, Condition.Op> COMPARISONS = Map.of(Kind.EQ, Condition.Op.EQ,
            Kind.NE, Condition.Op.NE, Kind.LT, Condition.Op.LT, Kind.LE, Condition.Op.LE,
            Kind.GT, Condition.Op.GT, Kind.GE, Condition.Op.GE);

    private final String text;
    private final List<SqlToken> tokens;
    private final Map<String, PropertyName> names;
    private int index;
    private int depth;

    private SqlParser(String text, List<SqlToken> tokens, Map<String, PropertyName> names) {
        this.text = text;
        this.tokens = tokens;
        this.names = names;
    }

    /** Parses {@code text}; every property it names is added to {@code names}. */
    static Condition parse(String text, Map<String, PropertyName> names) throws FilterSyntaxException {
        SqlParser p = new SqlParser(text, SqlLexer.tokenize(text), names);
        if (p.peek().kind() == Kind.END) {
            throw p.error(p.peek(), "the expression is empty");
        }
        Condition c = p.or();
        if (p.peek().kind() != Kind.END) {
            SqlToken t = p.peek();
            throw p.error(t, "unexpected " + t.describe()
                    + (t.kind() == Kind.RPAREN ? " without a matching '('" : ", expected AND, OR or the end"));
        }
        return c;
    }

    private Condition or() throws FilterSyntaxException {
        enter();
        Condition left = and();
        while (accept(Kind.OR)) {
            left = new Condition.Logical(false, left, and());
        }
        depth--;
        return left;
    }

    private Condition and() throws FilterSyntaxException {
        Condition left = not();
        while (accept(Kind.AND)) {
            left = new Condition.Logical(true, left, not());
        }
        return left;
    }

    private Condition not() throws FilterSyntaxException {
        if (accept(Kind.NOT)) {
            enter();
            Condition inner = not();
            depth--;
            return new Condition.Not(inner);
        }
        return predicate();
    }

    private Condition predicate() throws FilterSyntaxException {
        SqlToken open = peek();
        if (accept(Kind.LPAREN)) {
            Condition inner = or();
            if (!accept(Kind.RPAREN)) {
                throw error(peek(), "expected ')' to close the '(' at position " + (open.offset() + 1)
                        + " but found " + peek().describe());
            }
            return inner;
        }
        SqlToken first = peek();
        Operand left = operand();
        SqlToken t = peek();
        Condition.Op op = COMPARISONS.get(t.kind());
        if (op != null) {
            index++;
            SqlToken rightToken = peek();
            Operand right = operand();
            if (op.ordering()) {
                requireOrdered(first, left, op.symbol);
                requireOrdered(rightToken, right, op.symbol);
            }
            return new Condition.Comparison(op, left, right);
        }
        if (accept(Kind.IS)) {
            boolean negated = accept(Kind.NOT);
            expect(Kind.NULL, "NULL after IS" + (negated ? " NOT" : ""));
            return new Condition.IsNull(left, negated);
        }
        boolean negated = false;
        if (t.kind() == Kind.NOT) {
            index++;
            negated = true;
            Kind k = peek().kind();
            if (k != Kind.BETWEEN && k != Kind.IN && k != Kind.CONTAINS && k != Kind.STARTSWITH
                    && k != Kind.ENDSWITH) {
                throw error(peek(), "expected BETWEEN, IN, CONTAINS, STARTSWITH or ENDSWITH after NOT but found "
                        + peek().describe());
            }
        }
        if (accept(Kind.BETWEEN)) {
            return between(first, left, negated);
        }
        if (accept(Kind.IN)) {
            return in(first, left, negated);
        }
        Condition.Match match = switch (peek().kind()) {
            case CONTAINS -> Condition.Match.CONTAINS;
            case STARTSWITH -> Condition.Match.STARTSWITH;
            case ENDSWITH -> Condition.Match.ENDSWITH;
            default -> null;
        };
        if (match != null) {
            index++;
            return new Condition.StringMatch(match, left, string(match + " needs a string literal"), negated);
        }
        if (left instanceof Operand.Property || (left instanceof Operand.Literal l && l.constant() instanceof Boolean)) {
            return new Condition.BooleanValue(left);
        }
        throw error(first, first.describe() + " is not a condition: compare it with something");
    }

    private Condition between(SqlToken first, Operand value, boolean negated) throws FilterSyntaxException {
        requireOrdered(first, value, "BETWEEN");
        SqlToken lowToken = peek();
        Operand low = operand();
        requireOrdered(lowToken, low, "BETWEEN");
        expect(Kind.AND, "AND between the bounds of BETWEEN");
        SqlToken highToken = peek();
        Operand high = operand();
        requireOrdered(highToken, high, "BETWEEN");
        if (low instanceof Operand.Literal l && high instanceof Operand.Literal h
                && Values.order(l.constant(), h.constant()) > 0) {
            throw error(lowToken, "BETWEEN bounds out of order: " + l + " is greater than " + h);
        }
        if (negated) {
            return new Condition.Logical(false, new Condition.Comparison(Condition.Op.LT, value, low),
                    new Condition.Comparison(Condition.Op.GT, value, high));
        }
        return new Condition.Logical(true, new Condition.Comparison(Condition.Op.GE, value, low),
                new Condition.Comparison(Condition.Op.LE, value, high));
    }

    private Condition in(SqlToken first, Operand left, boolean negated) throws FilterSyntaxException {
        if (!(left instanceof Operand.Property property)) {
            throw error(first, "IN needs a property on its left, not " + first.describe());
        }
        expect(Kind.LPAREN, "'(' after IN");
        Set<String> values = new HashSet<>();
        do {
            values.add(string("IN lists hold string literals"));
        } while (accept(Kind.COMMA));
        expect(Kind.RPAREN, "',' or ')' in the IN list");
        return new Condition.In(property, Set.copyOf(values), negated);
    }

    private Operand operand() throws FilterSyntaxException {
        SqlToken t = peek();
        switch (t.kind()) {
            case IDENTIFIER -> {
                index++;
                return new Operand.Property(names.computeIfAbsent(t.text(), PropertyName::new));
            }
            case STRING -> {
                index++;
                return new Operand.Literal(t.text());
            }
            case TRUE, FALSE -> {
                index++;
                return new Operand.Literal(t.kind() == Kind.TRUE);
            }
            case INTEGER, DECIMAL -> {
                index++;
                return new Operand.Literal(number(t, false));
            }
            case PLUS, MINUS -> {
                index++;
                SqlToken n = peek();
                if (n.kind() != Kind.INTEGER && n.kind() != Kind.DECIMAL) {
                    throw error(n, "expected a number after '" + t.text() + "' but found " + n.describe());
                }
                index++;
                return new Operand.Literal(number(n, t.kind() == Kind.MINUS));
            }
            case NULL -> throw error(t, "NULL can only be tested with IS NULL or IS NOT NULL");
            case END -> throw error(t, "expected a property or a value but the expression ended");
            default -> throw error(t, "expected a property or a value but found " + t.describe());
        }
    }

    private Number number(SqlToken t, boolean negative) throws FilterSyntaxException {
        String digits = negative ? "-" + t.text() : t.text();
        if (t.kind() == Kind.INTEGER) {
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw error(t, "integer " + digits + " is out of the long range");
            }
        }
        double d = Double.parseDouble(digits);
        if (Double.isInfinite(d)) {
            throw error(t, "number " + digits + " is out of the double range");
        }
        return d;
    }

    private String string(String why) throws FilterSyntaxException {
        SqlToken t = peek();
        if (t.kind() != Kind.STRING) {
            throw error(t, why + ", found " + t.describe());
        }
        index++;
        return t.text();
    }

    private void requireOrdered(SqlToken at, Operand operand, String operator) throws FilterSyntaxException {
        if (operand instanceof Operand.Literal l && !l.isNumber()) {
            throw error(at, l + " cannot be compared with " + operator + ": only numbers are ordered");
        }
    }

    private void enter() throws FilterSyntaxException {
        if (++depth > MAX_DEPTH) {
            throw error(peek(), "the expression is nested more than " + MAX_DEPTH + " levels deep");
        }
    }

    private SqlToken peek() {
        return tokens.get(index);
    }

    private boolean accept(Kind kind) {
        if (peek().kind() == kind) {
            index++;
            return true;
        }
        return false;
    }

    private void expect(Kind kind, String what) throws FilterSyntaxException {
        if (!accept(kind)) {
            throw error(peek(), "expected " + what + " but found " + peek().describe());
        }
    }

    private FilterSyntaxException error(SqlToken at, String problem) {
        return new FilterSyntaxException(text, at.offset(), problem);
    }
}
