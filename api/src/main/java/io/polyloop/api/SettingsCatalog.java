package io.polyloop.api;

import java.util.List;
import java.util.regex.Pattern;

import static io.polyloop.api.SettingDefinition.bool;
import static io.polyloop.api.SettingDefinition.choice;
import static io.polyloop.api.SettingDefinition.integer;
import static io.polyloop.api.SettingDefinition.string;

/**
 * Every property of PID {@value RuntimeSettings#PID}, in the order the status view shows them. A new property is
 * one line here plus, if consumers read it often, a typed accessor on {@link RuntimeSettings}.
 */
final class SettingsCatalog {
    private static final Pattern BACKEND_NAME = Pattern.compile("auto|[a-z][a-z0-9_]{0,31}");

    static final List<SettingDefinition> ALL = List.of(
            string(RuntimeSettings.STRATEGY, Strategy.SINGLE_THREADED.configName(), Strategy.accepted(),
                    "How work maps to threads.",
                    v -> Strategy.byConfigName(v) != null ? null : "is not a strategy of this version"),
            string(RuntimeSettings.BACKEND, RuntimeSettings.AUTO,
                    "auto, or the name of an installed provider (epoll, io_uring, kqueue, iocp)",
                    "Native backend: auto picks the best available by rank; a name selects it if installed and able to"
                    + " run here.",
                    v -> BACKEND_NAME.matcher(v).matches() ? null : "is not a backend name"),
            integer(RuntimeSettings.THREADS, 0, 0, 1024, false, "0 (one per core) to 1024",
                    "Event loop threads for multi-loop strategies; 0 means one per core. single-threaded always runs"
                    + " one loop."),
            integer(RuntimeSettings.TASK_BUDGET, 64, 1, 65536, false, "1 to 65536",
                    "Tasks a loop runs per turn before it looks at timers and I/O."),
            integer(RuntimeSettings.QUEUE_CAPACITY, 65536, 16, 1 << 26, false, "16 to 67108864",
                    "Tasks a loop's queue holds before post() rejects."),
            integer(RuntimeSettings.RING_SIZE, 256, 16, 32768, true, "a power of two from 16 to 32768",
                    "Completions harvested per poll and the io_uring submission queue size (a power of two)."),
            integer(RuntimeSettings.BLOCKING_THREADS, 4, 1, 512, false, "1 to 512",
                    "Threads for operations the OS cannot do asynchronously (regular files under epoll); also the"
                    + " size of the runtime's separate spawnBlocking pool."),
            bool(RuntimeSettings.IO_URING_DEFER_TASKRUN, true, "io_uring: run completions only inside the loop's own"
                    + " io_uring_enter (SINGLE_ISSUER|DEFER_TASKRUN, Linux 6.1+); false: COOP_TASKRUN."),
            bool(RuntimeSettings.IO_URING_MULTISHOT, true, "io_uring: multishot accept and multishot recv with a"
                    + " provided-buffer ring where the kernel has them (Linux 6.0+); false: single-shot operations."),
            integer(RuntimeSettings.BLOCKING_QUEUE, 1024, 0, 1 << 20, false, "0 to 1048576",
                    "spawnBlocking calls that may wait for a thread of the blocking pool before calls are refused."),
            integer(RuntimeSettings.BLOCKING_KEEP_ALIVE_MILLIS, 60_000, 1, 3_600_000, false, "1 to 3600000",
                    "Milliseconds an idle thread of the blocking pool lives before it ends."),
            integer(RuntimeSettings.TIMER_TICK_MILLIS, 1, 1, 1000, false, "1 to 1000",
                    "Resolution of each loop's timer wheel in milliseconds: a timer fires at most one tick after its"
                    + " deadline."),
            integer(RuntimeSettings.BLOCKED_THRESHOLD_MILLIS, 2000, 0, 3_600_000, false, "0 (off) to 3600000",
                    "A loop turn running longer than this many milliseconds is logged at WARN with the loop's stack; 0"
                    + " turns the watchdog off."),
            choice(RuntimeSettings.AFFINITY, "none", List.of("none", "sequential"),
                    "CPU affinity of loop threads, applied where the backend and OS allow it (Linux backends); an"
                    + " unsupported request is logged and the loops run unpinned. Read when the runtime starts."),
            integer(RuntimeSettings.STARVED_READ_MILLIS, 10_000, 0, 3_600_000, false,
                    "0 (fail at the first retry) to 3600000",
                    "Milliseconds a pooled read waits for direct memory for its loan (retrying, while the loop serves"
                    + " the others) before it fails with an IOException; its bytes stay for the next read."),
            integer(RuntimeSettings.LEAK_SAMPLING, 128, 1, 1 << 20, false, "1 (every loan) to 1048576",
                    "Pooled buffers: 1 loan in this many is tracked, and counted and logged if it is garbage collected"
                    + " without close()."),
            bool(RuntimeSettings.TRACK_LEAKS, false, "Pooled buffers: track every loan (whatever leakSampling says)"
                    + " and record where it was acquired, for the leak report; costs a stack trace per loan.")
    );

    private SettingsCatalog() {
    }
}
