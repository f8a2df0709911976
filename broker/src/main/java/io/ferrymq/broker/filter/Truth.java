package io.ferrymq.broker.filter;

/**
 * SQL's three-valued logic: a comparison with a missing property or values of incompatible types is
 * {@link #UNKNOWN}, which stays unknown through {@code NOT} and only a definite TRUE selects a message.
 */
enum Truth {
    TRUE, FALSE, UNKNOWN;

    static Truth of(boolean b) {
        return b ? TRUE : FALSE;
    }

    Truth not() {
        return switch (this) {
            case TRUE -> FALSE;
            case FALSE -> TRUE;
            case UNKNOWN -> UNKNOWN;
        };
    }
}
