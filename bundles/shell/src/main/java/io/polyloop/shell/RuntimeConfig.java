package io.polyloop.shell;

import io.polyloop.api.IoRuntime;
import io.polyloop.api.RuntimeInfo;
import io.polyloop.api.RuntimeSettings;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Changes one property of PID {@value RuntimeSettings#PID} through Config Admin (so that it persists and is what
 * {@code config:} shows), then waits, bounded, until the runtime has applied or rejected it.
 */
final class RuntimeConfig {
    private static final long WAIT_MS = 20_000;

    private RuntimeConfig() {
    }

    /**
     * Checks the configuration with the new value as the runtime will ({@link RuntimeSettings#parse}, plus
     * {@code precheck}, which returns null or why the value cannot be used here) and refuses a bad one at once,
     * without writing it: the configuration keeps only values the runtime can take. A rejection by the runtime itself
     * (a driver that does not open) is told from an earlier one with the same text by the runtime's rejection count.
     *
     * @return what happened, for the operator
     */
    static String set(ConfigurationAdmin admin, IoRuntime runtime, String property, String value,
                      Function<String, String> precheck, Predicate<RuntimeInfo> applied)
            throws IOException, InterruptedException {
        Configuration c = admin.getConfiguration(RuntimeSettings.PID, "?");
        Dictionary<String, Object> props = c.getProperties();
        if (props == null) {
            props = new Hashtable<>();
        }
        props.put(property, value);
        String refused = precheck.apply(value);
        if (refused == null) {
            refused = invalid(props);
        }
        if (refused != null) {
            return "rejected (not written to the configuration): " + refused + "\nthe runtime keeps "
                    + runtime.info().settings();
        }
        long before = runtime.info().rejections();
        c.update(props);
        long deadline = System.currentTimeMillis() + WAIT_MS;
        while (System.currentTimeMillis() < deadline) {
            RuntimeInfo now = runtime.info();
            String rejected = now.lastRejection();
            if (rejected != null && now.rejections() != before) {
                return "rejected: " + rejected + "\nthe runtime keeps " + now.settings();
            }
            if (applied.test(now) && rejected == null) {
                return "applied: " + property + "=" + value + "\n" + StatusText.status(now);
            }
            Thread.sleep(50);
        }
        return "no answer from the runtime within " + WAIT_MS + " ms; see polyloop:status";
    }

    /** @return null if the runtime's own names in {@code props} parse, else why not */
    private static String invalid(Dictionary<String, Object> props) {
        Map<String, Object> own = new HashMap<>();
        for (Enumeration<String> keys = props.keys(); keys.hasMoreElements();) {
            String k = keys.nextElement();
            if (RuntimeSettings.isOwnName(k)) {
                own.put(k, props.get(k));
            }
        }
        try {
            RuntimeSettings.parse(own);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
