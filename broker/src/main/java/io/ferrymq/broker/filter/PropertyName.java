package io.ferrymq.broker.filter;

import java.nio.charset.StandardCharsets;

/** A property an expression refers to, with its UTF-8 form computed once for lookups in stored records. */
public final class PropertyName {
    private final String name;
    private final byte[] utf8;

    PropertyName(String name) {
        this.name = name;
        this.utf8 = name.getBytes(StandardCharsets.UTF_8);
    }

    public String name() {
        return name;
    }

    /** The UTF-8 bytes of the name; callers must not modify them. */
    byte[] utf8() {
        return utf8;
    }

    @Override
    public String toString() {
        return name;
    }
}
