package io.ferrymq.store.config;

import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads typed, validated values out of a flat {@link Properties} map (RocketMQ-style {@code key=value}
 * config files) and remembers which keys were consumed, so that whoever parsed the whole file can warn
 * about the keys nobody understood.
 *
 * <p>Several components may share one reader (broker, store, ...); each asks for its own keys and the
 * owner of the file calls {@link #unconsumedKeys()} at the end. Not thread-safe: used once, at start.
 */
public final class ConfigReader {

    private final Properties props;
    private final Set<String> consumed = new HashSet<>();

    public ConfigReader(Properties props) {
        this.props = props;
    }

    /**
     * The trimmed value of the first present key among {@code keys} (aliases), or {@code null}.
     * Every alias counts as consumed.
     */
    public String raw(String... keys) {
        String found = null;
        for (String key : keys) {
            consumed.add(key);
            String value = props.getProperty(key);
            if (found == null && value != null) {
                found = value.trim();
            }
        }
        return found;
    }

    public String string(String key, String defaultValue) {
        String value = raw(key);
        return value == null ? defaultValue : value;
    }

    public boolean bool(String key, boolean defaultValue) {
        String value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        if ("true".equalsIgnoreCase(value)) {
            return true;
        }
        if ("false".equalsIgnoreCase(value)) {
            return false;
        }
        throw invalid(key, value, "expected true or false");
    }

    /** A long in {@code [min, max]}; {@code aliases} are alternative spellings of {@code key}. */
    public long longValue(String key, long defaultValue, long min, long max, String... aliases) {
        String[] keys = new String[aliases.length + 1];
        keys[0] = key;
        System.arraycopy(aliases, 0, keys, 1, aliases.length);
        String value = raw(keys);
        if (value == null) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(key, value, "expected an integer");
        }
        if (parsed < min || parsed > max) {
            throw invalid(key, value, "expected a value in [" + min + ", " + max + "]");
        }
        return parsed;
    }

    public int intValue(String key, int defaultValue, int min, int max, String... aliases) {
        return (int) longValue(key, defaultValue, min, max, aliases);
    }

    /** A duration written as a plain number in {@code unit}s (RocketMQ style: the unit is implied by the key). */
    public Duration duration(String key, Duration defaultValue, java.time.temporal.ChronoUnit unit, Duration min) {
        String value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        long amount;
        try {
            amount = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(key, value, "expected an integer number of " + unit.name().toLowerCase(Locale.ROOT));
        }
        Duration parsed = Duration.of(amount, unit);
        if (parsed.compareTo(min) < 0) {
            throw invalid(key, value, "expected at least " + min);
        }
        return parsed;
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        String value = raw(key);
        if (value == null) {
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw invalid(key, value, "expected one of " + java.util.Arrays.toString(type.getEnumConstants()));
    }

    /** Keys present in the properties that no component asked for, sorted. */
    public Set<String> unconsumedKeys() {
        Set<String> unknown = new TreeSet<>(props.stringPropertyNames());
        unknown.removeAll(consumed);
        return Collections.unmodifiableSet(unknown);
    }

    static IllegalArgumentException invalid(String key, String value, String why) {
        return new IllegalArgumentException("config key " + key + "=" + value + ": " + why);
    }
}
