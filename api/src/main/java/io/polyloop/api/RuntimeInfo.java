package io.polyloop.api;

import java.util.List;

/**
 * A snapshot of a runtime, for status commands, logs and tests. The runtime-wide counters ({@link #tasksRun()},
 * {@link #blockedEvents()}, …) are the sums over {@link #loops()}.
 *
 * @param strategy      the strategy running
 * @param backend       the backend the loops use or will use on first I/O (the resolution of {@code auto})
 * @param settings      the settings in effect
 * @param loops         one entry per loop
 * @param lastRejection the last rejected settings change and why, or {@code null} if none since the last accepted one
 * @param closed        whether {@link IoRuntime#close} has been called
 * @param pools         the runtime's thread pools off the loops: blocking calls, then compute
 * @param reshapes      the live changes of strategy/threads so far and the last one
 * @param rejections    settings changes rejected since start: tells a new rejection from a repeat of the same text
 */
public record RuntimeInfo(Strategy strategy, String backend, RuntimeSettings settings, List<LoopInfo> loops,
                          String lastRejection, boolean closed, List<PoolInfo> pools, ReshapeInfo reshapes,
                          long rejections) {
    public RuntimeInfo {
        loops = List.copyOf(loops);
        pools = List.copyOf(pools);
        java.util.Objects.requireNonNull(reshapes, "reshapes");
    }

    /** A snapshot without reshapes or a rejection count. */
    public RuntimeInfo(Strategy strategy, String backend, RuntimeSettings settings, List<LoopInfo> loops,
                       String lastRejection, boolean closed, List<PoolInfo> pools) {
        this(strategy, backend, settings, loops, lastRejection, closed, pools, ReshapeInfo.NONE,
                lastRejection == null ? 0 : 1);
    }

    /** A snapshot without pools. */
    public RuntimeInfo(Strategy strategy, String backend, RuntimeSettings settings, List<LoopInfo> loops,
                       String lastRejection, boolean closed) {
        this(strategy, backend, settings, loops, lastRejection, closed, List.of());
    }

    /** @return tasks waiting in every loop's queues */
    public long queuedTasks() {
        return loops.stream().mapToLong(LoopInfo::queuedTasks).sum();
    }

    /** @return pending timers of every loop */
    public long timers() {
        return loops.stream().mapToLong(LoopInfo::timers).sum();
    }

    /** @return tasks run by every loop since start */
    public long tasksRun() {
        return loops.stream().mapToLong(LoopInfo::tasksRun).sum();
    }

    /** @return tasks taken from other loops (work stealing) */
    public long steals() {
        return loops.stream().mapToLong(LoopInfo::steals).sum();
    }

    /** @return wake-ups sent to every loop */
    public long wakeups() {
        return loops.stream().mapToLong(LoopInfo::wakeups).sum();
    }

    /** @return blocked-loop events of every loop */
    public long blockedEvents() {
        return loops.stream().mapToLong(LoopInfo::blockedEvents).sum();
    }
}
