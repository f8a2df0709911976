package io.ferrymq.broker.filter;

/** Where an expression reads a message's properties from (all property values are strings). */
@FunctionalInterface
public interface PropertyLookup {

    /** The value of property {@code name}, or null when the message does not have it. */
    String get(PropertyName name);
}
