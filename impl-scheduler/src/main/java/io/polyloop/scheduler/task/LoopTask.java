package io.polyloop.scheduler.task;

import io.polyloop.api.Task;
import io.polyloop.scheduler.loop.LoopThread;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@link Task} of polyloop: a {@link CompletableFuture} whose async continuations default to its loop, whose
 * derived stages are tasks too, whose cancellation reaches what it waits on, and whose blocking waits refuse to
 * run on a loop thread. Thread safe.
 */
public final class LoopTask<T> extends CompletableFuture<T> implements Task<T> {
    private final Executor loop;
    private final AtomicReference<Runnable> cancelHook = new AtomicReference<>();
    private volatile boolean uncancellable;

    public LoopTask(Executor loop) {
        this.loop = loop;
    }

    /**
     * Registers what to undo when this task is cancelled (cancel an I/O request, a timer). The hook runs once, on
     * the loop, in a later turn. If the task is already cancelled it is scheduled at once.
     */
    public void onCancel(Runnable hook) {
        cancelHook.set(hook);
        if (isCancelled()) {
            fireCancelHook();
        }
    }

    /** From now on {@link #cancel} returns false: used once an operation cannot be undone (a write half sent). */
    public void uncancellable() {
        uncancellable = true;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (uncancellable) {
            return false;
        }
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            fireCancelHook();
        }
        return cancelled;
    }

    @Override
    public boolean cancel() {
        return cancel(false);
    }

    private void fireCancelHook() {
        Runnable hook = cancelHook.getAndSet(null);
        if (hook != null) {
            try {
                loop.execute(hook);
            } catch (RejectedExecutionException closing) {
                // The loop is shutting down and closes every handle and timer itself.
            }
        }
    }

    @Override
    public Status status() {
        if (!isDone()) {
            return Status.PENDING;
        }
        if (isCancelled()) {
            return Status.CANCELLED;
        }
        return isCompletedExceptionally() ? Status.FAILED : Status.SUCCEEDED;
    }

    @Override
    public T resultNow() {
        if (status() != Status.SUCCEEDED) {
            throw new IllegalStateException("task has not succeeded: " + status());
        }
        return super.getNow(null);
    }

    @Override
    public Throwable exceptionNow() {
        if (status() != Status.FAILED) {
            throw new IllegalStateException("task has not failed: " + status());
        }
        try {
            super.getNow(null);
            throw new AssertionError("failed task returned a value");
        } catch (CompletionException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (CancellationException e) {
            return e;
        }
    }

    @Override
    public T join() {
        refuseBlockingOnLoop("join()");
        return super.join();
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        refuseBlockingOnLoop("get()");
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        refuseBlockingOnLoop("get(timeout)");
        return super.get(timeout, unit);
    }

    private void refuseBlockingOnLoop(String method) {
        if (!isDone() && LoopThread.isLoopThread()) {
            throw new IllegalStateException("Task." + method + " called on event loop thread '"
                    + Thread.currentThread().getName() + "' before the task completed: the wait would block the "
                    + "loop that has to complete it. Compose instead (thenApply, thenCompose, whenComplete).");
        }
    }

    @Override
    public Executor defaultExecutor() {
        return loop;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new LoopTask<>(loop);
    }

    /** @return a task already completed with {@code value} */
    public static <T> LoopTask<T> completed(Executor loop, T value) {
        LoopTask<T> t = new LoopTask<>(loop);
        t.complete(value);
        return t;
    }

    /** @return a task already failed with {@code failure} */
    public static <T> LoopTask<T> failed(Executor loop, Throwable failure) {
        LoopTask<T> t = new LoopTask<>(loop);
        t.completeExceptionally(failure);
        return t;
    }
}
