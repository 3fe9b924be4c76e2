package io.polyloop.scheduler.blocking;

import io.polyloop.api.PoolInfo;
import io.polyloop.scheduler.task.LoopTask;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * CPU-bound work off the loops ({@code parallelMap}): a {@link ForkJoinPool} of its own, one thread per core,
 * threads started on demand and retired when idle. Not the common pool: in Karaf that pool is shared by every
 * bundle (parallel streams, {@code CompletableFuture}'s async default), so a batch here would slow them and theirs
 * this, and it cannot be shut down with the runtime. A batch is split into at most four chunks per thread, and at
 * most {@value #MAX_CHUNKS} chunks wait or run at once: past that a batch is refused. Thread safe.
 */
public final class ComputePool {
    static final int MAX_CHUNKS = 4096;

    private final String name;
    private final ForkJoinPool pool;
    private final AtomicInteger chunks = new AtomicInteger();
    private final LongAdder completed = new LongAdder();
    private final LongAdder rejected = new LongAdder();

    public ComputePool(String name, int parallelism) {
        this.name = name;
        this.pool = new ForkJoinPool(parallelism, new NamedThreads(name), null, true);
    }

    /**
     * Applies {@code fn} to every item on the pool.
     *
     * @param loop where the task's continuations run
     * @return a task with the results in the items' iteration order, completed on {@code loop}; failed with the
     *         first exception {@code fn} throws (the remaining items are then skipped), or with a
     *         {@link RejectedExecutionException} when the pool is at its bound or shut down. Cancelling it skips
     *         the items not yet started.
     */
    public <T, R> LoopTask<List<R>> map(Executor loop, Collection<? extends T> items,
                                         Function<? super T, ? extends R> fn) {
        Object[] in = items.toArray();
        LoopTask<List<R>> task = new LoopTask<>(loop);
        if (in.length == 0) {
            task.complete(List.of());
            return task;
        }
        int n = Math.min(in.length, pool.getParallelism() * 4);
        if (chunks.addAndGet(n) > MAX_CHUNKS) {
            chunks.addAndGet(-n);
            rejected.increment();
            task.completeExceptionally(new RejectedExecutionException(name + ": more than " + MAX_CHUNKS
                    + " chunks of parallelMap batches waiting or running; batch of " + in.length + " rejected"));
            return task;
        }
        Object[] out = new Object[in.length];
        AtomicInteger remaining = new AtomicInteger(n);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int c = 0; c < n; c++) {
            int from = (int) ((long) in.length * c / n);
            int to = (int) ((long) in.length * (c + 1) / n);
            Runnable chunk = () -> {
                try {
                    for (int i = from; i < to && failure.get() == null && !task.isDone(); i++) {
                        @SuppressWarnings("unchecked") T item = (T) in[i];
                        out[i] = fn.apply(item);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    chunks.decrementAndGet();
                    if (remaining.decrementAndGet() == 0) {
                        completed.increment();
                        finish(loop, task, out, failure.get());
                    }
                }
            };
            try {
                pool.execute(chunk);
            } catch (RejectedExecutionException shutDown) {
                chunks.addAndGet(c - n); // the chunks not handed over
                rejected.increment();
                task.completeExceptionally(new RejectedExecutionException(name + " is shut down; batch rejected"));
                return task;
            }
        }
        return task;
    }

    /** Runs once, after the last chunk: every chunk wrote its results before counting down, so all are visible. */
    @SuppressWarnings("unchecked")
    private static <R> void finish(Executor loop, LoopTask<List<R>> task, Object[] out, Throwable failure) {
        if (task.isDone()) {
            return; // cancelled
        }
        if (failure != null) {
            LoopDelivery.deliver(loop, () -> task.completeExceptionally(failure));
        } else {
            List<R> results = (List<R>) Collections.unmodifiableList(Arrays.asList(out));
            LoopDelivery.deliver(loop, () -> task.complete(results));
        }
    }

    /** Refuses new batches and waits up to {@code timeoutNanos} for running ones; then interrupts them (0: at once). */
    public boolean shutdown(long timeoutNanos) {
        pool.shutdown();
        if (timeoutNanos <= 0) {
            pool.shutdownNow();
            return pool.isTerminated();
        }
        try {
            if (pool.awaitTermination(timeoutNanos, TimeUnit.NANOSECONDS)) {
                return true;
            }
            pool.shutdownNow();
            return pool.awaitTermination(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public PoolInfo info() {
        return new PoolInfo(name, pool.getPoolSize(), pool.getParallelism(), pool.getActiveThreadCount(),
                Math.max(0, chunks.get() - pool.getActiveThreadCount()), MAX_CHUNKS, completed.sum(),
                rejected.sum());
    }
}
