package io.polyloop.api;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a runtime maps work to threads; selected by the {@code strategy} setting. */
public enum Strategy {
    /** One event loop thread does everything; can also be driven by the caller's thread. */
    SINGLE_THREADED("single-threaded"),
    /**
     * One loop per core (or {@code threads}); a task, a connection and their continuations stay on the loop that
     * created them; listeners spread accepted connections over the loops.
     */
    THREAD_PER_CORE("thread-per-core"),
    /**
     * Loops with bounded local queues and a shared inject queue; an idle loop steals half of a busy loop's queued
     * tasks. I/O handles and timers stay on the loop that holds them.
     */
    WORK_STEALING("work-stealing");

    private final String configName;

    Strategy(String configName) {
        this.configName = configName;
    }

    /** @return the value of the {@code strategy} setting that selects this strategy */
    public String configName() {
        return configName;
    }

    /** @return the accepted setting values, comma separated */
    public static String accepted() {
        return Arrays.stream(values()).map(Strategy::configName).collect(Collectors.joining(", "));
    }

    /** @return the strategy named {@code value}, or {@code null} if none is */
    public static Strategy byConfigName(String value) {
        for (Strategy s : values()) {
            if (s.configName.equals(value)) {
                return s;
            }
        }
        return null;
    }
}
