package io.ferrymq.broker.filter;

/**
 * An SQL92 filter expression that does not compile: the message names the problem and where it is
 * ({@link #position()}, 1-based character position in the expression).
 */
public final class FilterSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int position;

    FilterSyntaxException(String expression, int offset, String problem) {
        super("invalid SQL92 expression at position " + (offset + 1) + ": " + problem + " in \""
                + expression + "\"");
        this.position = offset + 1;
    }

    /** 1-based character position of the problem. */
    public int position() {
        return position;
    }
}
