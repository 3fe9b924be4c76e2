package io.polyloop.scheduler.offload;

import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.task.LoopTask;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small bounded pool for the blocking calls of the I/O front-ends that no backend does asynchronously (DNS
 * lookups, a file's size by path). Bound: {@value #THREADS} threads, {@value #QUEUE} queued calls; past that a call
 * fails at once with {@link RejectedExecutionException}. Threads start on first use and idle out after 30 s.
 * Results are delivered on the caller's loop. Thread safe.
 *
 * <p>Stop-gap until the runtime has a general {@code spawnBlocking}; then the front-ends move to it.
 */
public final class OffloadPool implements AutoCloseable {
    public static final int THREADS = 2;
    public static final int QUEUE = 256;

    private final ThreadPoolExecutor pool;

    public OffloadPool(String name) {
        AtomicInteger n = new AtomicInteger();
        pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, name + "-offload-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, (r, executor) -> {
            throw new RejectedExecutionException("blocking-call pool is " + (executor.isShutdown() ? "closed"
                    : "full (" + THREADS + " threads busy, " + QUEUE + " calls queued)") + "; call refused");
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code call} on the pool; the task completes on {@code loop} with its outcome. Cancelling the task
     * interrupts the call if it runs.
     */
    public <T> LoopTask<T> call(EventLoop loop, Callable<T> call) {
        LoopTask<T> task = new LoopTask<>(loop);
        Future<?> f;
        try {
            f = pool.submit(() -> {
                T value;
                try {
                    value = call.call();
                } catch (Throwable t) {
                    deliver(loop, task, null, t);
                    return;
                }
                deliver(loop, task, value, null);
            });
        } catch (RejectedExecutionException e) {
            task.completeExceptionally(e);
            return task;
        }
        task.onCancel(() -> f.cancel(true));
        return task;
    }

    private static <T> void deliver(EventLoop loop, LoopTask<T> task, T value, Throwable failure) {
        Runnable complete = () -> {
            if (failure != null) {
                task.completeExceptionally(failure);
            } else {
                task.complete(value);
            }
        };
        try {
            loop.execute(complete);
        } catch (RejectedExecutionException loopGone) {
            complete.run(); // the loop is shut down: complete here rather than never
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
