package io.polyloop.scheduler.blocking;

import io.polyloop.api.PoolInfo;
import io.polyloop.scheduler.task.LoopTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The runtime's pool for blocking calls ({@code spawnBlocking}), so that loops never block: at most
 * {@code threads} threads, started on demand and retired after {@code keepAliveMillis} idle, and at most
 * {@code queueBound} calls waiting for a thread; past that a call is refused with a
 * {@link RejectedExecutionException} naming the bound. Separate from the backends' file-operation pools, so that
 * slow user calls cannot hold up file I/O. Every limit can change while it runs. Thread safe.
 */
public final class BlockingPool {
    private static final Logger LOG = LoggerFactory.getLogger(BlockingPool.class);

    private final String name;
    private final ThreadPoolExecutor executor;
    /** Calls accepted and not finished (waiting or running): the bound is enforced here, the queue is not. */
    private final AtomicInteger pending = new AtomicInteger();
    private final LongAdder completed = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private volatile int threads;
    private volatile int queueBound;

    public BlockingPool(String name, int threads, int queueBound, long keepAliveMillis) {
        this.name = name;
        this.threads = threads;
        this.queueBound = queueBound;
        this.executor = new ThreadPoolExecutor(threads, threads, keepAliveMillis, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), new NamedThreads(name));
        executor.allowCoreThreadTimeOut(true);
    }

    /** Applies new limits; calls already accepted stay accepted. */
    public synchronized void resize(int newThreads, int newQueueBound, long keepAliveMillis) {
        if (newThreads > executor.getMaximumPoolSize()) {
            executor.setMaximumPoolSize(newThreads);
            executor.setCorePoolSize(newThreads);
        } else {
            executor.setCorePoolSize(newThreads);
            executor.setMaximumPoolSize(newThreads);
        }
        executor.setKeepAliveTime(keepAliveMillis, TimeUnit.MILLISECONDS);
        threads = newThreads;
        queueBound = newQueueBound;
    }

    /**
     * Runs {@code body} on a pool thread.
     *
     * @param loop where the task's continuations run
     * @return a task completed on {@code loop}; failed with {@link RejectedExecutionException} when the pool is at
     *         its bound or shut down
     */
    public <T> LoopTask<T> submit(Executor loop, Callable<T> body) {
        BlockingCall<T> call = new BlockingCall<>(this, loop, body);
        int limit = threads + queueBound;
        if (pending.incrementAndGet() > limit) {
            pending.decrementAndGet();
            rejected.increment();
            call.task.completeExceptionally(new RejectedExecutionException(name + ": " + limit
                    + " blocking calls are already running or waiting (blockingThreads=" + threads
                    + " + blockingQueue=" + queueBound + "); call rejected"));
            return call.task;
        }
        try {
            executor.execute(call);
        } catch (RejectedExecutionException shutDown) {
            pending.decrementAndGet();
            rejected.increment();
            call.task.completeExceptionally(new RejectedExecutionException(name + " is shut down; call rejected"));
        }
        return call.task;
    }

    void finished(BlockingCall<?> call) {
        pending.decrementAndGet();
        completed.increment();
    }

    /**
     * Refuses new calls, cancels those still waiting, and waits up to {@code timeoutNanos} for running ones; then
     * interrupts what still runs. A timeout of 0 interrupts at once and does not wait.
     *
     * @return true if every pool thread has ended
     */
    public boolean shutdown(long timeoutNanos) {
        executor.shutdown();
        List<Runnable> waiting = new ArrayList<>();
        executor.getQueue().drainTo(waiting);
        for (Runnable r : waiting) {
            pending.decrementAndGet();
            ((BlockingCall<?>) r).abandon(name + " shut down before the blocking call started");
        }
        if (timeoutNanos <= 0) {
            executor.shutdownNow();
            return executor.isTerminated();
        }
        try {
            if (executor.awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS)) {
                return true;
            }
            executor.shutdownNow();
            if (executor.awaitTermination(100, TimeUnit.MILLISECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        LOG.warn("{}: {} blocking call(s) still running after shutdown and interrupt; their threads are left to end",
                name, executor.getActiveCount());
        return false;
    }

    public PoolInfo info() {
        return new PoolInfo(name, executor.getPoolSize(), threads, executor.getActiveCount(),
                Math.max(0, pending.get() - executor.getActiveCount()), queueBound, completed.sum(), rejected.sum());
    }

    @Override
    public String toString() {
        return name;
    }
}
