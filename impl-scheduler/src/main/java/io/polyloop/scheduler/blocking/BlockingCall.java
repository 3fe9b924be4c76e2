package io.polyloop.scheduler.blocking;

import io.polyloop.scheduler.task.LoopTask;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;

/**
 * One call of {@link BlockingPool}: runs the body on a pool thread and delivers its outcome to the loop. Cancelling
 * the task before the call starts skips it; while it runs, interrupts its thread (blocking JDK calls end with
 * {@link InterruptedException} or a closed channel). Thread safe.
 */
final class BlockingCall<T> implements Runnable {
    private final BlockingPool pool;
    private final Executor loop;
    private final Callable<T> body;
    final LoopTask<T> task;
    /** The pool thread while the body runs; guarded by {@code this} so an interrupt never outlives the call. */
    private Thread runner;

    BlockingCall(BlockingPool pool, Executor loop, Callable<T> body) {
        this.pool = pool;
        this.loop = loop;
        this.body = body;
        this.task = new LoopTask<>(loop);
        task.whenComplete((v, e) -> {
            if (task.isCancelled()) {
                interrupt();
            }
        });
    }

    @Override
    public void run() {
        try {
            synchronized (this) {
                if (task.isDone()) {
                    return;
                }
                runner = Thread.currentThread();
            }
            T value = body.call();
            LoopDelivery.deliver(loop, () -> task.complete(value));
        } catch (Throwable t) {
            LoopDelivery.deliver(loop, () -> task.completeExceptionally(t));
        } finally {
            synchronized (this) {
                runner = null;
            }
            Thread.interrupted(); // a cancel's interrupt must not reach the pool thread's next call
            pool.finished(this);
        }
    }

    private synchronized void interrupt() {
        if (runner != null) {
            runner.interrupt();
        }
    }

    /** The pool closed before the call started. */
    void abandon(String why) {
        LoopDelivery.deliver(loop, () -> task.completeExceptionally(new CancellationException(why)));
    }
}
