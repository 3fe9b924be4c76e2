package io.polyloop.example.redis.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs actions one at a time, in submission order, without a lock: the thread that finds the lane idle runs the
 * queued actions until none is left; a thread that finds it busy only queues. An action that submits another (a
 * completion continuing into the next step) queues it instead of nesting, so the stack stays flat.
 *
 * <p>Why not plain loop confinement: a connection's I/O completions run on its stream's loop, but callers' requests
 * arrive through {@link io.polyloop.api.IoRuntime#spawn}, on whichever loop the strategy picks. With one loop both
 * are the same thread and every {@code execute} runs at once; with several loops the lane still makes each
 * connection's state single-threaded. Only loop threads submit, and an action never waits, so no thread ever
 * blocks here. Thread safe.
 */
final class SerialLane {
    private static final Logger LOG = LoggerFactory.getLogger(SerialLane.class);

    private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();
    private volatile Thread runner;

    void execute(Runnable action) {
        queue.offer(action);
        if (wip.getAndIncrement() != 0) {
            return; // the thread running the lane will see it
        }
        int missed = 1;
        while (true) {
            runner = Thread.currentThread();
            Runnable next;
            while ((next = queue.poll()) != null) {
                try {
                    next.run();
                } catch (RuntimeException | AssertionError e) {
                    LOG.error("polyloop redis: an action of a connection failed", e);
                }
            }
            runner = null;
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    /** @return true if the calling thread is running this lane's actions (for assertions) */
    boolean inLane() {
        return runner == Thread.currentThread();
    }
}
