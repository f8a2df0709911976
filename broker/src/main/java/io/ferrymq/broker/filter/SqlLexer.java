package io.ferrymq.broker.filter;

import io.ferrymq.broker.filter.SqlToken.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits an SQL92 filter expression into tokens (RocketMQ's selector lexicon): identifiers
 * ({@code [A-Za-z_$][A-Za-z0-9_$]*}), keywords in any case, string literals in single quotes with
 * {@code ''} for a quote, integers (optional {@code L} suffix) and decimals ({@code 1.5}, {@code .5},
 * {@code 5.}, {@code 1e3}), the operators {@code = <> < <= > >= ( ) , + -}, and comments
 * ({@code -- to end of line}, block comments) which are skipped.
 */
final class SqlLexer {
    private static final Map<String, Kind> KEYWORDS = Map.ofEntries(
            Map.entry("AND", Kind.AND), Map.entry("OR", Kind.OR), Map.entry("NOT", Kind.NOT),
            Map.entry("BETWEEN", Kind.BETWEEN), Map.entry("IN", Kind.IN), Map.entry("IS", Kind.IS),
            Map.entry("NULL", Kind.NULL), Map.entry("TRUE", Kind.TRUE), Map.entry("FALSE", Kind.FALSE),
            Map.entry("CONTAINS", Kind.CONTAINS), Map.entry("STARTSWITH", Kind.STARTSWITH),
            Map.entry("ENDSWITH", Kind.ENDSWITH));

    private final String text;
    private int pos;

    private SqlLexer(String text) {
        this.text = text;
    }

    /** All tokens of {@code text}, ending with one {@link Kind#END}. */
    static List<SqlToken> tokenize(String text) throws FilterSyntaxException {
        SqlLexer lexer = new SqlLexer(text);
        List<SqlToken> tokens = new ArrayList<>();
        SqlToken t;
        do {
            t = lexer.next();
            tokens.add(t);
        } while (t.kind() != Kind.END);
        return tokens;
    }

    private SqlToken next() throws FilterSyntaxException {
        skipBlanksAndComments();
        if (pos >= text.length()) {
            return new SqlToken(Kind.END, "", text.length());
        }
        int start = pos;
        char c = text.charAt(pos);
        if (isIdentifierStart(c)) {
            return word(start);
        }
        if (isDigit(c) || (c == '.' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1)))) {
            return number(start);
        }
        if (c == '\'') {
            return string(start);
        }
        pos++;
        return switch (c) {
            case '=' -> new SqlToken(Kind.EQ, "=", start);
            case '(' -> new SqlToken(Kind.LPAREN, "(", start);
            case ')' -> new SqlToken(Kind.RPAREN, ")", start);
            case ',' -> new SqlToken(Kind.COMMA, ",", start);
            case '+' -> new SqlToken(Kind.PLUS, "+", start);
            case '-' -> new SqlToken(Kind.MINUS, "-", start);
            case '<' -> {
                if (accept('=')) {
                    yield new SqlToken(Kind.LE, "<=", start);
                }
                yield accept('>') ? new SqlToken(Kind.NE, "<>", start) : new SqlToken(Kind.LT, "<", start);
            }
            case '>' -> accept('=') ? new SqlToken(Kind.GE, ">=", start) : new SqlToken(Kind.GT, ">", start);
            default -> throw new FilterSyntaxException(text, start, "unexpected character '" + c + "'"
                    + (c == '"' ? " (string literals use single quotes)" : c == '!' ? " (not equal is <>)" : ""));
        };
    }

    private boolean accept(char c) {
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void skipBlanksAndComments() throws FilterSyntaxException {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (text.startsWith("--", pos)) {
                while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                    pos++;
                }
            } else if (text.startsWith("/*", pos)) {
                int end = text.indexOf("*/", pos + 2);
                if (end < 0) {
                    throw new FilterSyntaxException(text, pos, "unterminated comment");
                }
                pos = end + 2;
            } else {
                return;
            }
        }
    }

    private SqlToken word(int start) {
        while (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
            pos++;
        }
        String word = text.substring(start, pos);
        Kind keyword = KEYWORDS.get(word.toUpperCase(Locale.ROOT));
        return keyword != null ? new SqlToken(keyword, word, start) : new SqlToken(Kind.IDENTIFIER, word, start);
    }

    private SqlToken number(int start) throws FilterSyntaxException {
        boolean decimal = false;
        digits();
        if (pos < text.length() && text.charAt(pos) == '.') {
            decimal = true;
            pos++;
            digits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int e = pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (pos >= text.length() || !isDigit(text.charAt(pos))) {
                throw new FilterSyntaxException(text, e, "exponent without digits");
            }
            digits();
            decimal = true;
        }
        String digits = text.substring(start, pos);
        if (!decimal && pos < text.length() && (text.charAt(pos) == 'l' || text.charAt(pos) == 'L')) {
            pos++;
        }
        if (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
            throw new FilterSyntaxException(text, pos, "unexpected character '" + text.charAt(pos)
                    + "' after number " + digits);
        }
        return new SqlToken(decimal ? Kind.DECIMAL : Kind.INTEGER, digits, start);
    }

    private void digits() {
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    private SqlToken string(int start) throws FilterSyntaxException {
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '\'') {
                if (pos < text.length() && text.charAt(pos) == '\'') {
                    value.append('\'');
                    pos++;
                } else {
                    return new SqlToken(Kind.STRING, value.toString(), start);
                }
            } else {
                value.append(c);
            }
        }
        throw new FilterSyntaxException(text, start, "unterminated string literal");
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c);
    }
}
