package io.ferrymq.broker.filter;

/**
 * One token of an SQL92 filter expression.
 *
 * @param kind what it is
 * @param text the identifier, the decoded string literal, the number's digits, or the operator
 * @param offset 0-based start in the expression
 */
record SqlToken(Kind kind, String text, int offset) {

    /** Token kinds; keywords are matched case-insensitively. */
    enum Kind {
        IDENTIFIER, STRING, INTEGER, DECIMAL,
        EQ, NE, LT, LE, GT, GE, LPAREN, RPAREN, COMMA, PLUS, MINUS,
        AND, OR, NOT, BETWEEN, IN, IS, NULL, TRUE, FALSE, CONTAINS, STARTSWITH, ENDSWITH,
        END;

        boolean isKeyword() {
            return ordinal() >= AND.ordinal() && ordinal() <= ENDSWITH.ordinal();
        }
    }

    /** How the token reads in an error message. */
    String describe() {
        return switch (kind) {
            case END -> "the end of the expression";
            case STRING -> "string '" + text + "'";
            case IDENTIFIER -> "property " + text;
            case INTEGER, DECIMAL -> "number " + text;
            default -> "'" + text + "'";
        };
    }
}
