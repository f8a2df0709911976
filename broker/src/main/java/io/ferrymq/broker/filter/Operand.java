package io.ferrymq.broker.filter;

/**
 * A value inside a condition: a message property (a string, or null when absent) or a literal
 * ({@link Long}, {@link Double}, {@link String} or {@link Boolean}).
 */
sealed interface Operand {

    /** The value for one message. */
    Object value(PropertyLookup properties);

    /** {@code name}: the property's string value. */
    record Property(PropertyName name) implements Operand {
        @Override
        public Object value(PropertyLookup properties) {
            return properties.get(name);
        }

        @Override
        public String toString() {
            return name.name();
        }
    }

    /** A constant. */
    record Literal(Object constant) implements Operand {
        @Override
        public Object value(PropertyLookup properties) {
            return constant;
        }

        boolean isNumber() {
            return constant instanceof Number;
        }

        @Override
        public String toString() {
            if (constant instanceof String s) {
                return "'" + s.replace("'", "''") + "'";
            }
            return constant instanceof Boolean b ? (b ? "TRUE" : "FALSE") : constant.toString();
        }
    }
}
