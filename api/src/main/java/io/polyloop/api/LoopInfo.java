package io.polyloop.api;

/**
 * A snapshot of one event loop, for status views. Values are read without stopping the loop and may be a moment old.
 *
 * @param name          the loop's thread name
 * @param backend       the backend of the loop's driver, or {@code "none"} before its first I/O
 * @param queuedTasks   tasks waiting to run (inbox and local queue)
 * @param timers        pending timers
 * @param handles       open I/O handles owned by the loop
 * @param turns         loop turns completed since start
 * @param tasksRun      tasks, timer actions and completion continuations run since start
 * @param steals        tasks taken from other loops (work-stealing strategy; 0 otherwise)
 * @param wakeups       times another thread woke the loop from its sleep
 * @param blockedEvents times a turn ran past {@code blockedThresholdMillis} (one per blocked episode)
 * @param swaps         driver replacements done at a safe point (backend or driver settings changed)
 * @param lastSwapNanos how long the last replacement paused the loop, in nanoseconds; 0 before the first
 */
public record LoopInfo(String name, String backend, int queuedTasks, int timers, int handles, long turns,
                       long tasksRun, long steals, long wakeups, long blockedEvents, long swaps, long lastSwapNanos) {

    /** A snapshot without swap figures (both 0). */
    public LoopInfo(String name, String backend, int queuedTasks, int timers, int handles, long turns,
                    long tasksRun, long steals, long wakeups, long blockedEvents) {
        this(name, backend, queuedTasks, timers, handles, turns, tasksRun, steals, wakeups, blockedEvents, 0, 0);
    }

    /** A snapshot without the counters (all 0). */
    public LoopInfo(String name, String backend, int queuedTasks, int timers, int handles, long turns) {
        this(name, backend, queuedTasks, timers, handles, turns, 0, 0, 0, 0);
    }
}
