package io.polyloop.scheduler.blocking;

import io.polyloop.api.PoolInfo;
import io.polyloop.api.RuntimeSettings;

import java.util.List;

/**
 * The pools of one runtime off its loops: blocking calls (sized by {@code blockingThreads}, {@code blockingQueue},
 * {@code blockingKeepAliveMillis}) and compute (one thread per core). Threads start on first use. Thread safe.
 */
public final class WorkerPools {
    private final BlockingPool blocking;
    private final ComputePool compute;

    public WorkerPools(String runtimeName, RuntimeSettings settings) {
        this.blocking = new BlockingPool(runtimeName + "-blocking", settings.blockingThreads(),
                settings.blockingQueue(), settings.blockingKeepAliveMillis());
        this.compute = new ComputePool(runtimeName + "-compute", Runtime.getRuntime().availableProcessors());
    }

    public BlockingPool blocking() {
        return blocking;
    }

    public ComputePool compute() {
        return compute;
    }

    /** Applies new pool limits to the running pools. */
    public void reconfigure(RuntimeSettings settings) {
        blocking.resize(settings.blockingThreads(), settings.blockingQueue(), settings.blockingKeepAliveMillis());
    }

    /**
     * Refuses new work, cancels calls not started, waits up to {@code timeoutNanos} for running ones, then interrupts
     * them. With a timeout of 0 nothing waits (for a close from a loop thread).
     *
     * @return true if every pool thread has ended
     */
    public boolean shutdown(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        boolean blockingDone = blocking.shutdown(timeoutNanos);
        boolean computeDone = compute.shutdown(Math.max(0, deadline - System.nanoTime()));
        return blockingDone && computeDone;
    }

    public List<PoolInfo> info() {
        return List.of(blocking.info(), compute.info());
    }
}
