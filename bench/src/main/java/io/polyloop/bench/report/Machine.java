package io.polyloop.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** What the figures were measured on: CPU, cores, memory, kernel, JDK. */
public final class Machine {
    private Machine() {
    }

    public static String describe() {
        return String.format(Locale.ROOT, "- CPU: %s, %d cores visible to the JVM%n- memory: %s%n- kernel: %s %s (%s)%n"
                        + "- JDK: %s %s (%s)%n", cpuModel(), Runtime.getRuntime().availableProcessors(), memTotal(),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"),
                System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vendor"));
    }

    /** @return the 1, 5 and 15 minute load averages from /proc/loadavg, or "unknown" */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        return procField(Path.of("/proc/cpuinfo"), "model name", "unknown CPU model");
    }

    private static String memTotal() {
        String kb = procField(Path.of("/proc/meminfo"), "MemTotal", null);
        if (kb == null) {
            return "unknown";
        }
        return String.format(Locale.ROOT, "%.1f GiB", Long.parseLong(kb.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
    }

    private static String procField(Path file, String key, String fallback) {
        try {
            for (String l : Files.readAllLines(file)) {
                if (l.startsWith(key)) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
        return fallback;
    }
}
