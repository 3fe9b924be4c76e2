package io.polyloop.scheduler.jmx;

/**
 * The status of a polyloop runtime over JMX ({@code io.polyloop:type=Runtime}): what {@code polyloop:status},
 * {@code polyloop:loops} and {@code polyloop:backends} show. Read only: settings change through Config Admin.
 */
public interface RuntimeMXBean {
    String getStrategy();

    /** @return the backend the loops use (the resolution of {@code auto}, or a fallback) */
    String getBackend();

    /** @return the {@code backend} setting in effect */
    String getConfiguredBackend();

    String getSettings();

    /** @return the last rejected configuration change and why; empty if none since the last accepted one */
    String getLastRejection();

    boolean isClosed();

    int getLoopCount();

    long getQueuedTasks();

    long getTimers();

    /** @return open handles over all loops: streams, listeners, sockets, files */
    long getConnections();

    /** @return driver swaps done over all loops */
    long getSwaps();

    /** @return the longest pause of each loop's last driver swap, in microseconds */
    long getLastSwapPauseMicros();

    /** @return live changes of strategy/threads done (reshapes) */
    long getReshapes();

    /** @return the reshapes and the last one: from/to shape, time, duration, longest loop pause; "none" if none */
    String getLastReshape();

    /** @return the longest pause of one loop in the last reshape, in microseconds */
    long getLastReshapePauseMicros();

    /** @return configuration changes rejected since start: a new rejection with the same text still counts */
    long getRejections();

    /** @return one line per loop: name, backend, queued, timers, handles, swaps, last swap pause */
    String[] getLoops();

    /** @return one line per installed backend: name, rank, in use, probe result and reason */
    String[] getBackends();
}
