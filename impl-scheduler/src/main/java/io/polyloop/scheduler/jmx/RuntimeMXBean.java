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

    /** @return one line per loop: name, backend, queued, timers, handles, swaps, last swap pause */
    String[] getLoops();

    /** @return one line per installed backend: name, rank, in use, probe result and reason */
    String[] getBackends();
}
