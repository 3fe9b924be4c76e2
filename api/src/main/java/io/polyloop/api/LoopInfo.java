package io.polyloop.api;

/**
 * A snapshot of one event loop, for status views. Values are read without stopping the loop and may be a moment old.
 *
 * @param name        the loop's thread name
 * @param backend     the backend of the loop's driver, or {@code "none"} before its first I/O
 * @param queuedTasks tasks waiting to run (inbox and local queue)
 * @param timers      pending timers
 * @param handles     open I/O handles owned by the loop
 * @param turns       loop turns completed since start
 */
public record LoopInfo(String name, String backend, int queuedTasks, int timers, int handles, long turns) {
}
