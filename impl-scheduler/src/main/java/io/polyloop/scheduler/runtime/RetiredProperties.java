package io.polyloop.scheduler.runtime;

import io.polyloop.api.RuntimeSettings;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * System properties that were once read and are now settings of PID {@value RuntimeSettings#PID}: a JVM still started
 * with one is told so, instead of silently running without it. Nothing reads their values.
 */
final class RetiredProperties {
    /** Old system property -> the setting that replaced it. */
    static final Map<String, String> REPLACED = Map.of(
            "io.polyloop.buffers.starvedReadMillis", RuntimeSettings.STARVED_READ_MILLIS,
            "io.polyloop.buffers.leakSampling", RuntimeSettings.LEAK_SAMPLING,
            "io.polyloop.buffers.trackLeaks", RuntimeSettings.TRACK_LEAKS);

    private RetiredProperties() {
    }

    /** @return one line per retired property set in this JVM, naming its setting; empty if none is set */
    static List<String> set() {
        List<String> lines = new ArrayList<>();
        REPLACED.forEach((property, setting) -> {
            String value = System.getProperty(property);
            if (value != null) {
                lines.add("-D" + property + "=" + value + " is no longer read: set " + setting + " in the"
                        + " configuration PID " + RuntimeSettings.PID + " (or IoRuntime.builder().set(\"" + setting
                        + "\", ...)); it applies live");
            }
        });
        lines.sort(null);
        return lines;
    }

    static void warn(Logger log, String runtime) {
        for (String line : set()) {
            log.warn("{}: {}", runtime, line);
        }
    }
}
