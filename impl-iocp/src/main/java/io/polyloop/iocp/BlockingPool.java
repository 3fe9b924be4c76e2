package io.polyloop.iocp;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for the one call Windows has no overlapped form of: FlushFileBuffers. A task posts its outcome to the
 * driver's completion port, so it completes like any other operation. Bounded: {@code threads} threads and
 * {@value #QUEUE} waiting tasks; past that {@link #run} says no. Idle threads end after a minute. Thread safe.
 */
final class BlockingPool {
    static final int QUEUE = 1024;

    private final ThreadPoolExecutor executor;

    BlockingPool(int threads) {
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "polyloop-iocp-blocking-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    /** @return false if the queue is full */
    boolean run(Runnable task) {
        try {
            executor.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    void shutdown() {
        executor.shutdown();
    }
}
