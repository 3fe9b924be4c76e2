package io.polyloop.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The settings of a runtime: the properties of the Config Admin PID {@value #PID}, also used by
 * {@link IoRuntimeBuilder}. Immutable; {@link #parse} validates everything at once. The properties, their defaults
 * and what each accepts are listed by {@link #definitions()}.
 *
 * <p>Names containing a dot ({@code service.pid}, {@code felix.fileinstall.filename}, …) belong to the framework and
 * are ignored, except names under {@code io.polyloop.}, which are ours and never the framework's; any other unknown
 * name is rejected.
 */
public final class RuntimeSettings {
    public static final String PID = "io.polyloop.runtime";

    public static final String STRATEGY = "strategy";
    public static final String BACKEND = "backend";
    public static final String THREADS = "threads";
    public static final String TASK_BUDGET = "taskBudget";
    public static final String QUEUE_CAPACITY = "queueCapacity";
    public static final String RING_SIZE = "ringSize";
    public static final String BLOCKING_THREADS = "blockingThreads";
    /** io_uring backend tuning; reaches the driver through {@code DriverOptions.backendProperties()}. */
    public static final String IO_URING_DEFER_TASKRUN = "ioUringDeferTaskrun";
    public static final String IO_URING_MULTISHOT = "ioUringMultishot";
    public static final String BLOCKING_QUEUE = "blockingQueue";
    public static final String BLOCKING_KEEP_ALIVE_MILLIS = "blockingKeepAliveMillis";
    public static final String TIMER_TICK_MILLIS = "timerTickMillis";
    public static final String BLOCKED_THRESHOLD_MILLIS = "blockedThresholdMillis";
    public static final String AFFINITY = "affinity";
    /** Pooled buffers: how long a read waits for direct memory for its loan before it fails. */
    public static final String STARVED_READ_MILLIS = "starvedReadMillis";
    public static final String LEAK_SAMPLING = "leakSampling";
    public static final String TRACK_LEAKS = "trackLeaks";

    public static final String AUTO = "auto";

    private static final Map<String, SettingDefinition> BY_NAME = SettingsCatalog.ALL.stream()
            .collect(Collectors.toMap(SettingDefinition::name, d -> d, (a, b) -> a, LinkedHashMap::new));
    private static final List<String> NAMES = List.copyOf(BY_NAME.keySet());
    /** Names under it are ours, never the framework's ({@code service.pid}, {@code felix.fileinstall.filename}). */
    private static final String OWN_PREFIX = "io.polyloop.";
    private static final RuntimeSettings DEFAULTS = parse(Map.of());

    /** Validated values by name, in catalog order: Integer, Boolean or String. */
    private final Map<String, Object> values;

    private RuntimeSettings(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    public static RuntimeSettings defaults() {
        return DEFAULTS;
    }

    /** @return the property names this version accepts */
    public static List<String> names() {
        return NAMES;
    }

    /** @return every property with its default, what it accepts and its meaning, in a stable order */
    public static List<SettingDefinition> definitions() {
        return SettingsCatalog.ALL;
    }

    /**
     * @return whether {@link #parse} judges {@code name}: names without a dot and names under {@code io.polyloop.};
     *     other dotted names ({@code service.pid}, {@code felix.fileinstall.filename}, …) are the framework's
     */
    public static boolean isOwnName(String name) {
        return name.indexOf('.') < 0 || name.startsWith(OWN_PREFIX);
    }

    /**
     * Validates properties as Config Admin or a builder hands them over: values may be strings (from a .cfg file),
     * numbers or booleans. Absent properties take their defaults.
     *
     * @throws SettingsException naming each bad property, its value and what is accepted
     */
    public static RuntimeSettings parse(Map<String, ?> properties) {
        Objects.requireNonNull(properties, "properties");
        List<String> problems = new ArrayList<>();
        for (String key : properties.keySet()) {
            if (BY_NAME.containsKey(key) || !isOwnName(key)) {
                continue;
            }
            if (key.indexOf('.') >= 0) {
                // never the framework's: a name copied from a -D option or from another PID, which would do nothing
                String last = key.substring(key.lastIndexOf('.') + 1);
                problems.add("unknown property '" + key + "': settings of " + PID + " have no dots"
                        + (BY_NAME.containsKey(last) ? " (did you mean '" + last + "'?)" : "")
                        + "; accepted: " + String.join(", ", NAMES));
            } else {
                problems.add("unknown property '" + key + "'; accepted: " + String.join(", ", NAMES));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (SettingDefinition d : BY_NAME.values()) {
            Object raw = properties.get(d.name());
            values.put(d.name(), raw == null ? d.defaultValue() : d.parse(raw, problems));
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
        return new RuntimeSettings(values);
    }

    /** @return these settings with {@code changes} applied on top, validated as {@link #parse} does */
    public RuntimeSettings with(Map<String, ?> changes) {
        Map<String, Object> merged = new LinkedHashMap<>(values);
        merged.putAll(changes);
        return parse(merged);
    }

    // ------------------------------------------------------------------ generic access

    /** @return the value of {@code name}: an Integer, Boolean or String */
    public Object value(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("unknown property '" + name + "'; accepted: "
                    + String.join(", ", NAMES));
        }
        return v;
    }

    public int intValue(String name) {
        return (Integer) value(name);
    }

    public boolean booleanValue(String name) {
        return (Boolean) value(name);
    }

    public String stringValue(String name) {
        return (String) value(name);
    }

    // ------------------------------------------------------------------ typed accessors

    public Strategy strategy() {
        return Strategy.byConfigName(stringValue(STRATEGY));
    }

    /** @return {@value #AUTO} or a provider name */
    public String backend() {
        return stringValue(BACKEND);
    }

    /** @return the configured thread count; 0 means one per core */
    public int threads() {
        return intValue(THREADS);
    }

    public int taskBudget() {
        return intValue(TASK_BUDGET);
    }

    public int queueCapacity() {
        return intValue(QUEUE_CAPACITY);
    }

    public int ringSize() {
        return intValue(RING_SIZE);
    }

    public int blockingThreads() {
        return intValue(BLOCKING_THREADS);
    }

    public int blockingQueue() {
        return intValue(BLOCKING_QUEUE);
    }

    public int blockingKeepAliveMillis() {
        return intValue(BLOCKING_KEEP_ALIVE_MILLIS);
    }

    public int timerTickMillis() {
        return intValue(TIMER_TICK_MILLIS);
    }

    /** @return the blocked-loop threshold in milliseconds; 0 means the watchdog is off */
    public int blockedThresholdMillis() {
        return intValue(BLOCKED_THRESHOLD_MILLIS);
    }

    /** @return milliseconds a pooled read waits for direct memory for its loan before it fails; 0: at once */
    public int starvedReadMillis() {
        return intValue(STARVED_READ_MILLIS);
    }

    /** @return 1 pooled-buffer loan in this many is tracked for leaks; 1 when {@link #trackLeaks()} */
    public int leakSampling() {
        return trackLeaks() ? 1 : intValue(LEAK_SAMPLING);
    }

    /** @return true if every loan is tracked for leaks, with the stack of its acquire */
    public boolean trackLeaks() {
        return booleanValue(TRACK_LEAKS);
    }

    /** @return the settings as properties, in the form {@link #parse} accepts */
    public Map<String, Object> toProperties() {
        return new LinkedHashMap<>(values);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuntimeSettings && values.equals(((RuntimeSettings) o).values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
