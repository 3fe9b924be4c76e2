package io.polyloop.shell;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeInfo;
import io.polyloop.api.RuntimeSettings;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Changes one property of PID {@value RuntimeSettings#PID} through Config Admin (so that it persists and is what
 * {@code config:} shows), then waits, bounded, until the runtime has applied or rejected it.
 */
final class RuntimeConfig {
    private static final long WAIT_MS = 20_000;

    private RuntimeConfig() {
    }

    /** @return what happened, for the operator */
    static String set(ConfigurationAdmin admin, IoRuntime runtime, String property, String value,
                      Predicate<RuntimeInfo> applied) throws IOException, InterruptedException {
        Configuration c = admin.getConfiguration(RuntimeSettings.PID, "?");
        Dictionary<String, Object> props = c.getProperties();
        if (props == null) {
            props = new Hashtable<>();
        }
        String before = runtime.info().lastRejection();
        props.put(property, value);
        c.update(props);
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            RuntimeInfo now = runtime.info();
            String rejected = now.lastRejection();
            if (rejected != null && !Objects.equals(rejected, before)) {
                return "rejected: " + rejected + "\nthe runtime keeps " + now.settings();
            }
            if (applied.test(now) && rejected == null) {
                return "applied: " + property + "=" + value + "\n" + StatusText.status(now);
            }
            Thread.sleep(50);
        }
        return "no answer from the runtime within " + WAIT_MS + " ms; see polyloop:status";
    }
}
