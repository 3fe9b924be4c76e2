package io.polyloop.shell;

import io.polyloop.api.LoopInfo;
import io.polyloop.api.RuntimeInfo;
import io.polyloop.spi.Availability;
import io.polyloop.spi.IoBackendProvider;

import java.util.List;
import java.util.Locale;

/** The text the commands print, from a {@link RuntimeInfo} snapshot and the providers. Stateless. */
public final class StatusText {
    private StatusText() {
    }

    /** @return the runtime summary of {@code polyloop:status} */
    public static String status(RuntimeInfo info) {
        StringBuilder b = new StringBuilder();
        line(b, "strategy", info.strategy().configName() + " (" + info.loops().size() + " loop(s))");
        line(b, "backend", info.backend() + " (configured: " + info.settings().backend() + ")");
        line(b, "state", info.closed() ? "closed" : "running");
        line(b, "queued tasks", Long.toString(info.loops().stream().mapToLong(LoopInfo::queuedTasks).sum()));
        line(b, "timers", Long.toString(info.loops().stream().mapToLong(LoopInfo::timers).sum()));
        line(b, "connections", Long.toString(info.loops().stream().mapToLong(LoopInfo::handles).sum())
                + " (open handles: streams, listeners, sockets, files)");
        line(b, "last swap", lastSwap(info));
        line(b, "last reshape", info.reshapes().summary());
        line(b, "last rejected", info.lastRejection() == null ? "none" : info.lastRejection());
        line(b, "rejections", info.rejections() + " since start");
        line(b, "settings", info.settings().toString());
        return b.toString();
    }

    /** @return swaps done and the longest pause of each loop's last swap, or "none" */
    public static String lastSwap(RuntimeInfo info) {
        long swaps = info.loops().stream().mapToLong(LoopInfo::swaps).sum();
        if (swaps == 0) {
            return "none";
        }
        long pause = info.loops().stream().mapToLong(LoopInfo::lastSwapNanos).max().orElse(0);
        return String.format(Locale.ROOT, "%d driver swap(s) over all loops; longest pause of the last: %.3f ms",
                swaps, pause / 1e6);
    }

    /** @return one row per loop, for {@code polyloop:loops} */
    public static String loops(RuntimeInfo info) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-24s %-9s %7s %7s %7s %12s %9s %7s %6s %12s%n",
                "loop", "backend", "queued", "timers", "handles", "tasks run", "wakeups", "blocked", "swaps",
                "last swap us"));
        for (LoopInfo l : info.loops()) {
            b.append(String.format(Locale.ROOT, "%-24s %-9s %7d %7d %7d %12d %9d %7d %6d %12d%n", l.name(),
                    l.backend(), l.queuedTasks(), l.timers(), l.handles(), l.tasksRun(), l.wakeups(),
                    l.blockedEvents(), l.swaps(), l.lastSwapNanos() / 1000));
        }
        return b.toString();
    }

    /** @return one row per provider with its probe result and reason, for {@code polyloop:backends} */
    public static String backends(List<IoBackendProvider> providers, String inUse) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-10s %5s %-6s %-11s %s%n", "backend",
                "rank", "in use", "probe", "reason"));
        for (IoBackendProvider p : providers) {
            Availability a;
            try {
                a = p.probe();
            } catch (RuntimeException | LinkageError e) {
                a = Availability.unavailable("probe failed: " + e);
            }
            b.append(String.format(Locale.ROOT, "%-10s %5d %-6s %-11s %s%n", p.name(), p.rank(),
                    p.name().equals(inUse) ? "*" : "", a.isAvailable() ? "available" : "unavailable",
                    a.isAvailable() ? "" : a.unavailabilityCause()));
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append(String.format(Locale.ROOT, "%-14s %s%n", key, value));
    }
}
