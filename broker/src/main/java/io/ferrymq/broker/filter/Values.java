package io.ferrymq.broker.filter;

/**
 * How filter values compare. Property values are strings; next to a number they are read as a number
 * (an integer as a long, anything with a fraction or exponent as a double), next to TRUE/FALSE as a
 * boolean ({@code true}/{@code false} in any case). A value that cannot be read that way makes the
 * comparison {@link Truth#UNKNOWN}: a type mismatch never selects a message and never throws.
 */
final class Values {
    /** {@link #order} result for values without an order between them. */
    static final int INCOMPARABLE = Integer.MIN_VALUE;

    private Values() {
    }

    /** {@code l = r} for two non-null values. */
    static Truth equal(Object l, Object r) {
        if (l instanceof String ls && r instanceof String rs) {
            return Truth.of(ls.equals(rs));
        }
        if (l instanceof Boolean || r instanceof Boolean) {
            Boolean lb = asBoolean(l);
            Boolean rb = asBoolean(r);
            return lb == null || rb == null ? Truth.UNKNOWN : Truth.of(lb.booleanValue() == rb.booleanValue());
        }
        int order = order(l, r);
        return order == INCOMPARABLE ? Truth.UNKNOWN : Truth.of(order == 0);
    }

    /** Sign of {@code l - r} for two non-null values, read as numbers; {@link #INCOMPARABLE} when either is not one. */
    static int order(Object l, Object r) {
        Number ln = asNumber(l);
        if (ln == null) {
            return INCOMPARABLE;
        }
        Number rn = asNumber(r);
        if (rn == null) {
            return INCOMPARABLE;
        }
        if (ln instanceof Long a && rn instanceof Long b) {
            return Long.compare(a, b);
        }
        double a = ln.doubleValue();
        double b = rn.doubleValue();
        return a < b ? -1 : a > b ? 1 : 0;
    }

    private static Boolean asBoolean(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof String s) {
            if ("true".equalsIgnoreCase(s)) {
                return Boolean.TRUE;
            }
            if ("false".equalsIgnoreCase(s)) {
                return Boolean.FALSE;
            }
        }
        return null;
    }

    private static Number asNumber(Object v) {
        if (v instanceof Number n) {
            return n;
        }
        return v instanceof String s ? parseNumber(s) : null;
    }

    /**
     * {@code [+-]digits[.digits][(e|E)[+-]digits]} (at least one digit before or after the point) as a
     * {@link Long} when it is an integer that fits, else as a {@link Double}; null for anything else
     * (no exception: this runs for every filtered message).
     */
    static Number parseNumber(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int intStart = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        int intDigits = i - intStart;
        boolean integral = true;
        int fracDigits = 0;
        if (i < n && s.charAt(i) == '.') {
            integral = false;
            i++;
            int fracStart = i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            fracDigits = i - fracStart;
        }
        if (intDigits + fracDigits == 0) {
            return null;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            integral = false;
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int expStart = i;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
            }
            if (i == expStart) {
                return null;
            }
        }
        if (i != n) {
            return null;
        }
        if (integral && intDigits <= 18) {
            return Long.parseLong(s);
        }
        if (integral) {
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException tooBig) {
                return Double.parseDouble(s);
            }
        }
        return Double.parseDouble(s);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
