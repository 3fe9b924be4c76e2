package io.polyloop.kqueue;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run regular-file operations, which kqueue cannot wait for (EVFILT_READ reports a regular file
 * readable at once, data being the bytes left before EOF: it never waits for the disk).
 * One per provider, shared by its drivers: at most {@code threads} daemon threads named {@code polyloop-blocking-N},
 * started on demand and stopped after a minute idle. The queue holds at most {@link #QUEUE_CAPACITY} operations;
 * past that {@link #offer} refuses and the request completes with {@code -EAGAIN} (the caller may retry later).
 * Thread safe.
 */
final class BlockingPool {
    static final int QUEUE_CAPACITY = 1024;

    private static final AtomicInteger THREAD_IDS = new AtomicInteger();

    private final ThreadPoolExecutor executor;

    BlockingPool(int threads) {
        executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), r -> {
                    Thread t = new Thread(r, "polyloop-blocking-" + THREAD_IDS.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
    }

    /** @return false if the queue is full (or the pool shut down) */
    boolean offer(FileTask task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    int threads() {
        return executor.getMaximumPoolSize();
    }

    /** Lets queued tasks finish; new ones are refused. */
    void shutdown() {
        executor.shutdown();
    }
}
