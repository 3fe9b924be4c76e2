package io.polyloop.api;

/**
 * A snapshot of one of the runtime's thread pools (blocking calls, compute), for status views. Read without
 * stopping the pool: the counts may be a moment old and not consistent with each other.
 *
 * @param name       the pool's thread name prefix
 * @param threads    threads alive now
 * @param maxThreads the bound on threads
 * @param active     threads running a call now
 * @param queued     calls waiting for a thread
 * @param queueBound the bound on waiting calls (past it calls are refused)
 * @param completed  calls finished since start
 * @param rejected   calls refused since start (bound reached or pool shut down)
 */
public record PoolInfo(String name, int threads, int maxThreads, int active, int queued, int queueBound,
                       long completed, long rejected) {
}
