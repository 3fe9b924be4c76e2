package io.polyloop.api;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One property of {@link RuntimeSettings}: its name, default, what it accepts and what it means. The catalog of
 * definitions ({@link RuntimeSettings#definitions()}) is what the parser, the metatype description, the shell and
 * the documented {@code .cfg} file are checked against. Immutable.
 */
public final class SettingDefinition {
    /** The kinds of value a property holds. */
    public enum Kind { INTEGER, BOOLEAN, STRING }

    private final String name;
    private final Kind kind;
    private final Object defaultValue;
    private final String accepted;
    private final String description;
    private final Function<String, String> check;
    private final long min;
    private final long max;

    private SettingDefinition(String name, Kind kind, Object defaultValue, String accepted, String description,
                              Function<String, String> check, long min, long max) {
        this.name = Objects.requireNonNull(name);
        this.kind = kind;
        this.defaultValue = defaultValue;
        this.accepted = accepted;
        this.description = description;
        this.check = check;
        this.min = min;
        this.max = max;
    }

    /** An integer property in {@code [min, max]}; {@code powerOfTwo} further restricts it. */
    static SettingDefinition integer(String name, int defaultValue, int min, int max, boolean powerOfTwo,
                                     String accepted, String description) {
        Function<String, String> check = powerOfTwo
                ? v -> Integer.bitCount(Integer.parseInt(v)) == 1 ? null : "is not a power of two"
                : v -> null;
        return new SettingDefinition(name, Kind.INTEGER, defaultValue, accepted, description, check, min, max);
    }

    static SettingDefinition bool(String name, boolean defaultValue, String description) {
        return new SettingDefinition(name, Kind.BOOLEAN, defaultValue, "true or false", description, v -> null, 0, 0);
    }

    /** A string property that must be one of {@code choices}. */
    static SettingDefinition choice(String name, String defaultValue, List<String> choices, String description) {
        return new SettingDefinition(name, Kind.STRING, defaultValue, String.join(", ", choices), description,
                v -> choices.contains(v) ? null : "is not accepted", 0, 0);
    }

    /** A string property validated by {@code check}, which returns null or why the value is wrong. */
    static SettingDefinition string(String name, String defaultValue, String accepted, String description,
                                    Function<String, String> check) {
        return new SettingDefinition(name, Kind.STRING, defaultValue, accepted, description, check, 0, 0);
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** @return an {@link Integer}, {@link Boolean} or {@link String} */
    public Object defaultValue() {
        return defaultValue;
    }

    /** @return what the property accepts, in words, as error messages quote it */
    public String accepted() {
        return accepted;
    }

    public String description() {
        return description;
    }

    /** @return the validated value of {@code raw}, or {@code null} after adding a problem naming it */
    Object parse(Object raw, List<String> problems) {
        switch (kind) {
            case INTEGER:
                return parseInteger(raw, problems);
            case BOOLEAN:
                return parseBoolean(raw, problems);
            default:
                return parseString(raw, problems);
        }
    }

    private Object parseInteger(Object raw, List<String> problems) {
        long value;
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            value = ((Number) raw).longValue();
        } else if (raw instanceof String) {
            try {
                value = Long.parseLong(((String) raw).trim());
            } catch (NumberFormatException e) {
                return problem(problems, "='" + raw + "' is not an integer");
            }
        } else {
            return problem(problems, "=" + show(raw) + " (" + raw.getClass().getSimpleName() + ") is not an integer");
        }
        if (value < min || value > max) {
            return problem(problems, "=" + value + " is out of range");
        }
        String why = check.apply(Long.toString(value));
        return why == null ? Integer.valueOf((int) value) : problem(problems, "=" + value + " " + why);
    }

    private Object parseBoolean(Object raw, List<String> problems) {
        if (raw instanceof Boolean) {
            return raw;
        }
        String s = raw instanceof String ? ((String) raw).trim() : null;
        if ("true".equalsIgnoreCase(s) || "false".equalsIgnoreCase(s)) {
            return Boolean.valueOf(s);
        }
        return raw instanceof String ? problem(problems, "='" + raw + "' is not a boolean")
                : problem(problems, "=" + show(raw) + " (" + raw.getClass().getSimpleName() + ") is not a boolean");
    }

    private Object parseString(Object raw, List<String> problems) {
        if (!(raw instanceof String)) {
            return problem(problems, "=" + show(raw) + " (" + raw.getClass().getSimpleName() + ") is not a string");
        }
        String value = ((String) raw).trim();
        String why = check.apply(value);
        return why == null ? value : problem(problems, "='" + raw + "' " + why);
    }

    /** Config Admin may hand over arrays and collections (typed configurations): show their elements. */
    private static String show(Object raw) {
        if (raw instanceof Object[]) {
            return java.util.Arrays.deepToString((Object[]) raw);
        }
        if (raw.getClass().isArray()) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0, n = java.lang.reflect.Array.getLength(raw); i < n; i++) {
                b.append(i == 0 ? "" : ", ").append(java.lang.reflect.Array.get(raw, i));
            }
            return b.append(']').toString();
        }
        return String.valueOf(raw);
    }

    private Object problem(List<String> problems, String what) {
        problems.add(name + what + "; accepted: " + accepted);
        return null;
    }

    @Override
    public String toString() {
        return name + " (" + accepted + ", default " + defaultValue + ")";
    }
}
