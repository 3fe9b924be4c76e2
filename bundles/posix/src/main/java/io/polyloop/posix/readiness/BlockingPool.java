package io.polyloop.posix.readiness;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run regular-file operations, which no readiness API waits for (epoll
 * refuses a regular file; EVFILT_READ reports one readable at once, data being the bytes left before EOF).
 * One per provider, shared by its drivers: at most {@code threads} daemon threads named {@code polyloop-blocking-N},
 * started on demand and stopped after a minute idle. The queue holds at most {@link #QUEUE_CAPACITY} operations;
 * past that {@link #offer} refuses and the request completes with {@code -EAGAIN} (the caller may retry later).
 * Thread safe.
 */
public final class BlockingPool {
    public static final int QUEUE_CAPACITY = 1024;

    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    private final ThreadPoolExecutor executor;

    public BlockingPool(int threads) {
        executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), r -> {
                    Thread t = new Thread(r, "polyloop-blocking-" + THREAD_IDS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
    }

    /** @return false if the queue is full (or the pool shut down) */
    public boolean offer(FileTask task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    public int threads() {
        return executor.getMaximumPoolSize();
    }

    /** Lets queued tasks finish; new ones are refused. */
    public void shutdown() {
        executor.shutdown();
    }
}
