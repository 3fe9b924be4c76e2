package io.polyloop.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The settings of a runtime: the properties of the Config Admin PID {@value #PID}, also used by
 * {@link IoRuntimeBuilder}. Immutable; {@link #parse} validates everything at once.
 *
 * <table>
 *   <caption>Properties</caption>
 *   <tr><th>name</th><th>accepted</th><th>default</th></tr>
 *   <tr><td>strategy</td><td>see {@link Strategy}</td><td>single-threaded</td></tr>
 *   <tr><td>backend</td><td>auto, or a provider name (epoll, io_uring, kqueue, iocp)</td><td>auto</td></tr>
 *   <tr><td>threads</td><td>0 (one per core) to 1024</td><td>0</td></tr>
 *   <tr><td>taskBudget</td><td>tasks a loop runs per turn before it looks at I/O and timers, 1 to 65536</td><td>64</td></tr>
 *   <tr><td>queueCapacity</td><td>tasks a loop's inbox holds before post() rejects, 16 to 67108864</td><td>65536</td></tr>
 *   <tr><td>ringSize</td><td>completions harvested per poll, a power of two from 16 to 32768</td><td>256</td></tr>
 *   <tr><td>blockingThreads</td><td>threads for operations the OS cannot do asynchronously, 1 to 512</td><td>4</td></tr>
 * </table>
 *
 * Names containing a dot ({@code service.pid}, {@code felix.fileinstall.filename}, …) belong to the framework and are
 * ignored; any other unknown name is rejected.
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

    public static final String AUTO = "auto";

    private static final Pattern BACKEND_NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final List<String> NAMES =
            List.of(STRATEGY, BACKEND, THREADS, TASK_BUDGET, QUEUE_CAPACITY, RING_SIZE, BLOCKING_THREADS);

    private static final RuntimeSettings DEFAULTS =
            new RuntimeSettings(Strategy.SINGLE_THREADED, AUTO, 0, 64, 65536, 256, 4);

    private final Strategy strategy;
    private final String backend;
    private final int threads;
    private final int taskBudget;
    private final int queueCapacity;
    private final int ringSize;
    private final int blockingThreads;

    private RuntimeSettings(Strategy strategy, String backend, int threads, int taskBudget, int queueCapacity,
                            int ringSize, int blockingThreads) {
        this.strategy = strategy;
        this.backend = backend;
        this.threads = threads;
        this.taskBudget = taskBudget;
        this.queueCapacity = queueCapacity;
        this.ringSize = ringSize;
        this.blockingThreads = blockingThreads;
    }

    public static RuntimeSettings defaults() {
        return DEFAULTS;
    }

    /** @return the property names this version accepts */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * Validates properties as Config Admin or a builder hands them over: values may be strings (from a .cfg file) or
     * numbers. Absent properties take their defaults.
     *
     * @throws SettingsException naming each bad property, its value and what is accepted
     */
    public static RuntimeSettings parse(Map<String, ?> properties) {
        Objects.requireNonNull(properties, "properties");
        List<String> problems = new ArrayList<>();
        for (String key : properties.keySet()) {
            if (!NAMES.contains(key) && key.indexOf('.') < 0) {
                problems.add("unknown property '" + key + "'; accepted: " + String.join(", ", NAMES));
            }
        }
        Strategy strategy = DEFAULTS.strategy;
        Object rawStrategy = properties.get(STRATEGY);
        if (rawStrategy != null) {
            strategy = Strategy.byConfigName(rawStrategy.toString().trim());
            if (strategy == null) {
                problems.add(STRATEGY + "='" + rawStrategy + "' is not a strategy of this version; accepted: "
                        + Strategy.accepted());
            }
        }
        String backend = DEFAULTS.backend;
        Object rawBackend = properties.get(BACKEND);
        if (rawBackend != null) {
            backend = rawBackend.toString().trim();
            if (!BACKEND_NAME.matcher(backend).matches()) {
                problems.add(BACKEND + "='" + rawBackend + "' is not a backend name; accepted: auto, or the name of an"
                        + " installed provider (epoll, io_uring, kqueue, iocp)");
            }
        }
        int threads = intIn(properties, THREADS, DEFAULTS.threads, 0, 1024, "0 (one per core) to 1024", problems);
        int budget = intIn(properties, TASK_BUDGET, DEFAULTS.taskBudget, 1, 65536, "1 to 65536", problems);
        int capacity = intIn(properties, QUEUE_CAPACITY, DEFAULTS.queueCapacity, 16, 1 << 26, "16 to 67108864",
                problems);
        int ring = intIn(properties, RING_SIZE, DEFAULTS.ringSize, 16, 32768, "a power of two from 16 to 32768",
                problems);
        if (ring > 0 && Integer.bitCount(ring) != 1) {
            problems.add(RING_SIZE + "=" + ring + " is not a power of two; accepted: a power of two from 16 to 32768");
        }
        int blocking = intIn(properties, BLOCKING_THREADS, DEFAULTS.blockingThreads, 1, 512, "1 to 512", problems);
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
        return new RuntimeSettings(strategy, backend, threads, budget, capacity, ring, blocking);
    }

    private static int intIn(Map<String, ?> properties, String name, int fallback, int min, int max,
                             String accepted, List<String> problems) {
        Object raw = properties.get(name);
        if (raw == null) {
            return fallback;
        }
        long value;
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            value = ((Number) raw).longValue();
        } else if (raw instanceof String) {
            try {
                value = Long.parseLong(((String) raw).trim());
            } catch (NumberFormatException e) {
                problems.add(name + "='" + raw + "' is not an integer; accepted: " + accepted);
                return -1;
            }
        } else {
            problems.add(name + "=" + raw + " (" + raw.getClass().getSimpleName() + ") is not an integer; accepted: "
                    + accepted);
            return -1;
        }
        if (value < min || value > max) {
            problems.add(name + "=" + value + " is out of range; accepted: " + accepted);
            return -1;
        }
        return (int) value;
    }

    public Strategy strategy() {
        return strategy;
    }

    /** @return {@value #AUTO} or a provider name */
    public String backend() {
        return backend;
    }

    /** @return the configured thread count; 0 means one per core */
    public int threads() {
        return threads;
    }

    public int taskBudget() {
        return taskBudget;
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public int ringSize() {
        return ringSize;
    }

    public int blockingThreads() {
        return blockingThreads;
    }

    /** @return the settings as properties, in the form {@link #parse} accepts */
    public Map<String, Object> toProperties() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(STRATEGY, strategy.configName());
        m.put(BACKEND, backend);
        m.put(THREADS, threads);
        m.put(TASK_BUDGET, taskBudget);
        m.put(QUEUE_CAPACITY, queueCapacity);
        m.put(RING_SIZE, ringSize);
        m.put(BLOCKING_THREADS, blockingThreads);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuntimeSettings && toProperties().equals(((RuntimeSettings) o).toProperties());
    }

    @Override
    public int hashCode() {
        return toProperties().hashCode();
    }

    @Override
    public String toString() {
        return toProperties().toString();
    }
}
