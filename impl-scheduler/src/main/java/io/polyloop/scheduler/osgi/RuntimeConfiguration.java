package io.polyloop.scheduler.osgi;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The metatype description of PID {@code io.polyloop.runtime}, for Karaf's {@code config:} commands and the web
 * console. Validation itself is {@link io.polyloop.api.RuntimeSettings#parse}, which also serves plain Java: the
 * component reads raw properties so that a wrong value is reported as given, not coerced.
 */
@ObjectClassDefinition(name = "polyloop runtime",
        description = "The shared asynchronous I/O runtime: execution strategy, native backend and loop tuning.")
@interface RuntimeConfiguration {

    @AttributeDefinition(description = "How work maps to threads.",
            options = {
                @Option(label = "single-threaded: one event loop", value = "single-threaded"),
                @Option(label = "thread-per-core: a loop per core, work stays where it started",
                        value = "thread-per-core"),
                @Option(label = "work-stealing: loops share queued tasks; idle loops steal", value = "work-stealing")
            })
    String strategy() default "single-threaded";

    @AttributeDefinition(description = "Native backend: auto picks the best available by rank; a name selects it "
            + "if installed and able to run here.",
            options = {
                @Option(label = "auto", value = "auto"),
                @Option(label = "epoll (Linux)", value = "epoll"),
                @Option(label = "io_uring (Linux)", value = "io_uring"),
                @Option(label = "kqueue (macOS, FreeBSD)", value = "kqueue"),
                @Option(label = "iocp (Windows)", value = "iocp")
            })
    String backend() default "auto";

    @AttributeDefinition(type = AttributeType.INTEGER, min = "0", max = "1024",
            description = "Event loop threads for multi-loop strategies; 0 means one per core. single-threaded "
                    + "always runs one loop.")
    int threads() default 0;

    @AttributeDefinition(type = AttributeType.INTEGER, min = "1", max = "65536",
            description = "Tasks a loop runs per turn before it looks at timers and I/O.")
    int taskBudget() default 64;

    @AttributeDefinition(type = AttributeType.INTEGER, min = "16", max = "67108864",
            description = "Tasks a loop's queue holds before post() rejects.")
    int queueCapacity() default 65536;

    @AttributeDefinition(type = AttributeType.INTEGER, min = "16", max = "32768",
            description = "Completions harvested per poll and the io_uring submission queue size (a power of two).")
    int ringSize() default 256;

    @AttributeDefinition(type = AttributeType.INTEGER, min = "1", max = "512",
            description = "Threads for operations the OS cannot do asynchronously (regular files under epoll); also "
                    + "the size of the runtime's separate spawnBlocking pool.")
    int blockingThreads() default 4;

    @AttributeDefinition(type = AttributeType.BOOLEAN,
            description = "io_uring: run completions only inside the loop's own io_uring_enter (SINGLE_ISSUER|DEFER_TASKRUN, "
                    + "Linux 6.1+); false: COOP_TASKRUN.")
    boolean ioUringDeferTaskrun() default true;

    @AttributeDefinition(type = AttributeType.BOOLEAN,
            description = "io_uring: multishot accept and multishot recv with a provided-buffer ring where the kernel "
                    + "has them (Linux 6.0+); false: single-shot operations.")
    boolean ioUringMultishot() default true;

    @AttributeDefinition(type = AttributeType.INTEGER, min = "0", max = "1048576",
            description = "spawnBlocking calls that may wait for a thread of the blocking pool before calls are "
                    + "refused.")
    int blockingQueue() default 1024;

    @AttributeDefinition(type = AttributeType.INTEGER, min = "1", max = "3600000",
            description = "Milliseconds an idle thread of the blocking pool lives before it ends.")
    int blockingKeepAliveMillis() default 60000;

    @AttributeDefinition(type = AttributeType.INTEGER, min = "1", max = "1000",
            description = "Resolution of each loop's timer wheel in milliseconds: a timer fires at most one tick "
                    + "after its deadline.")
    int timerTickMillis() default 1;

    @AttributeDefinition(type = AttributeType.INTEGER, min = "0", max = "3600000",
            description = "A loop turn running longer than this many milliseconds is logged at WARN with the "
                    + "loop's stack; 0 turns the watchdog off.")
    int blockedThresholdMillis() default 2000;

    @AttributeDefinition(description = "CPU affinity of loop threads, applied where the backend and OS allow it (Linux"
            + " backends); an unsupported request is logged and the loops run unpinned. Read when the runtime starts.",
            options = {
                @Option(label = "none: the OS places loop threads", value = "none"),
                @Option(label = "sequential: loop i on CPU i modulo the CPU count", value = "sequential")
            })
    String affinity() default "none";

    @AttributeDefinition(type = AttributeType.INTEGER, min = "0", max = "3600000",
            description = "Milliseconds a pooled read waits for direct memory for its loan (retrying, while the loop "
                    + "serves the others) before it fails with an IOException; its bytes stay for the next read.")
    int starvedReadMillis() default 10000;

    @AttributeDefinition(type = AttributeType.INTEGER, min = "1", max = "1048576",
            description = "Pooled buffers: 1 loan in this many is tracked, and counted and logged if it is garbage "
                    + "collected without close().")
    int leakSampling() default 128;

    @AttributeDefinition(type = AttributeType.BOOLEAN,
            description = "Pooled buffers: track every loan (whatever leakSampling says) and record where it was "
                    + "acquired, for the leak report; costs a stack trace per loan.")
    boolean trackLeaks() default false;
}
