package io.polyloop.scheduler.task;

import io.polyloop.api.Task;
import io.polyloop.scheduler.loop.LoopThread;
import io.polyloop.scheduler.loop.StealableCompletions;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The {@link Task} of polyloop: a {@link CompletableFuture} whose async continuations default to its loop, whose
 * derived stages are tasks too, whose cancellation reaches what it waits on, and whose blocking waits refuse to
 * run on a loop thread. Thread safe.
 */
@SuppressWarnings("unchecked")
public final class LoopTask<T> extends CompletableFuture<T> implements Task<T> {
    private static final VarHandle CANCEL_HOOK;

    static {
        try {
            CANCEL_HOOK = MethodHandles.lookup().findVarHandle(LoopTask.class, "cancelHook", Runnable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Executor loop;
    /** Set once by the operation the task waits on; taken (getAndSet null) by the first cancel. */
    @SuppressWarnings("unused") private volatile Runnable cancelHook;
    private volatile boolean uncancellable;

    public LoopTask(Executor loop) {
        this.loop = loop;
    }

    /**
     * Registers what to undo when this task is cancelled (cancel an I/O request, a timer). The hook runs once, on
     * the loop, in a later turn; an {@link ImmediateCancel} hook cancelled on its loop runs at once instead. If the
     * task is already cancelled it is scheduled at once.
     */
    public void onCancel(Runnable hook) {
        CANCEL_HOOK.setVolatile(this, hook);
        if (isCancelled()) {
            fireCancelHook();
        }
    }

    /**
     * Drops {@code hook} if this task is done and no cancel can run it: an operation object that is its task's hook
     * may be reused for another operation only after this returned true (else a cancel posted before the reuse would
     * run against the next operation). A hook runs only after a {@link #cancel} that completed the task; a task done
     * otherwise refuses every later cancel, so no CAS is needed. Call on the thread that registered the hook.
     *
     * @return true if the task is done, not cancelled, and {@code hook} was its hook (now dropped); else false
     */
    public boolean releaseCancelHook(Runnable hook) {
        if (!isDone() || isCancelled() || CANCEL_HOOK.get(this) != hook) {
            return false;
        }
        CANCEL_HOOK.set(this, (Runnable) null); // no other writer is left: cancels fail, onCancel is not called again
        return true;
    }

    /** Runs {@code body} on this thread and completes the task with what it returns or throws. */
    public void completeWith(Callable<? extends T> body) {
        try {
            complete(body.call());
        } catch (Throwable t) {
            completeExceptionally(t);
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
        // As CompletableFuture.cancel, with an exception that does not walk the stack (see TaskCancelledException).
        boolean cancelled = !isDone() && completeExceptionally(new TaskCancelledException());
        if (cancelled) {
            fireCancelHook();
        }
        return cancelled || isCancelled();
    }

    @Override
    public boolean cancel() {
        return cancel(false);
    }

    private void fireCancelHook() {
        Runnable hook = (Runnable) CANCEL_HOOK.getAndSet(this, (Runnable) null);
        if (hook != null) {
            if (hook instanceof ImmediateCancel && ((ImmediateCancel) hook).cancelHere()) {
                return;
            }
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

    /** Async continuations: the loop, or under work stealing ({@link StealableCompletions}) the stealing pool. */
    @Override
    public Executor defaultExecutor() {
        return loop instanceof StealableCompletions ? ((StealableCompletions) loop).continuations() : loop;
    }

    /** Derived stages continue where they complete: only the I/O task itself hands its continuations over. */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new LoopTask<>(defaultExecutor());
    }

    /**
     * Where a continuation chained now runs: null for inline, on the completing thread (CompletableFuture's rule);
     * for a pending I/O task under work stealing, the pool, so that the loop holding the handle only changes the
     * task's state and an idle loop may run what the user chained. A task already done runs it inline either way.
     */
    private Executor chainTo() {
        return loop instanceof StealableCompletions && !isDone() ? ((StealableCompletions) loop).continuations() : null;
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

    // ------------------------------------------------------------------ compositions return tasks
    // Safe casts: newIncompleteFuture() makes every dependent stage a LoopTask.

    @Override
    public <U> LoopTask<U> thenApply(Function<? super T, ? extends U> fn) {
        Executor e = chainTo();
        return (LoopTask<U>) (e == null ? super.thenApply(fn) : super.thenApplyAsync(fn, e));
    }

    @Override
    public <U> LoopTask<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
        return (LoopTask<U>) super.thenApplyAsync(fn);
    }

    @Override
    public <U> LoopTask<U> thenApplyAsync(Function<? super T, ? extends U> fn, Executor executor) {
        return (LoopTask<U>) super.thenApplyAsync(fn, executor);
    }

    @Override
    public LoopTask<Void> thenAccept(Consumer<? super T> action) {
        Executor e = chainTo();
        return (LoopTask<Void>) (e == null ? super.thenAccept(action) : super.thenAcceptAsync(action, e));
    }

    @Override
    public LoopTask<Void> thenAcceptAsync(Consumer<? super T> action) {
        return (LoopTask<Void>) super.thenAcceptAsync(action);
    }

    @Override
    public LoopTask<Void> thenAcceptAsync(Consumer<? super T> action, Executor executor) {
        return (LoopTask<Void>) super.thenAcceptAsync(action, executor);
    }

    @Override
    public LoopTask<Void> thenRun(Runnable action) {
        Executor e = chainTo();
        return (LoopTask<Void>) (e == null ? super.thenRun(action) : super.thenRunAsync(action, e));
    }

    @Override
    public LoopTask<Void> thenRunAsync(Runnable action) {
        return (LoopTask<Void>) super.thenRunAsync(action);
    }

    @Override
    public LoopTask<Void> thenRunAsync(Runnable action, Executor executor) {
        return (LoopTask<Void>) super.thenRunAsync(action, executor);
    }

    @Override
    public <U, V> LoopTask<V> thenCombine(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
        Executor e = chainTo();
        return (LoopTask<V>) (e == null ? super.thenCombine(other, fn) : super.thenCombineAsync(other, fn, e));
    }

    @Override
    public <U, V> LoopTask<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
        return (LoopTask<V>) super.thenCombineAsync(other, fn);
    }

    @Override
    public <U, V> LoopTask<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn, Executor executor) {
        return (LoopTask<V>) super.thenCombineAsync(other, fn, executor);
    }

    @Override
    public <U> LoopTask<Void> thenAcceptBoth(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
        Executor e = chainTo();
        return (LoopTask<Void>) (e == null ? super.thenAcceptBoth(other, action) : super.thenAcceptBothAsync(other, action, e));
    }

    @Override
    public <U> LoopTask<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
        return (LoopTask<Void>) super.thenAcceptBothAsync(other, action);
    }

    @Override
    public <U> LoopTask<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action, Executor executor) {
        return (LoopTask<Void>) super.thenAcceptBothAsync(other, action, executor);
    }

    @Override
    public LoopTask<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
        Executor e = chainTo();
        return (LoopTask<Void>) (e == null ? super.runAfterBoth(other, action) : super.runAfterBothAsync(other, action, e));
    }

    @Override
    public LoopTask<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
        return (LoopTask<Void>) super.runAfterBothAsync(other, action);
    }

    @Override
    public LoopTask<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        return (LoopTask<Void>) super.runAfterBothAsync(other, action, executor);
    }

    @Override
    public <U> LoopTask<U> applyToEither(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        Executor e = chainTo();
        return (LoopTask<U>) (e == null ? super.applyToEither(other, fn) : super.applyToEitherAsync(other, fn, e));
    }

    @Override
    public <U> LoopTask<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        return (LoopTask<U>) super.applyToEitherAsync(other, fn);
    }

    @Override
    public <U> LoopTask<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn, Executor executor) {
        return (LoopTask<U>) super.applyToEitherAsync(other, fn, executor);
    }

    @Override
    public LoopTask<Void> acceptEither(CompletionStage<? extends T> other, Consumer<? super T> action) {
        Executor e = chainTo();
        return (LoopTask<Void>) (e == null ? super.acceptEither(other, action) : super.acceptEitherAsync(other, action, e));
    }

    @Override
    public LoopTask<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action) {
        return (LoopTask<Void>) super.acceptEitherAsync(other, action);
    }

    @Override
    public LoopTask<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action, Executor executor) {
        return (LoopTask<Void>) super.acceptEitherAsync(other, action, executor);
    }

    @Override
    public LoopTask<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
        Executor e = chainTo();
        return (LoopTask<Void>) (e == null ? super.runAfterEither(other, action) : super.runAfterEitherAsync(other, action, e));
    }

    @Override
    public LoopTask<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
        return (LoopTask<Void>) super.runAfterEitherAsync(other, action);
    }

    @Override
    public LoopTask<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        return (LoopTask<Void>) super.runAfterEitherAsync(other, action, executor);
    }

    @Override
    public <U> LoopTask<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
        Executor e = chainTo();
        return (LoopTask<U>) (e == null ? super.thenCompose(fn) : super.thenComposeAsync(fn, e));
    }

    @Override
    public <U> LoopTask<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn) {
        return (LoopTask<U>) super.thenComposeAsync(fn);
    }

    @Override
    public <U> LoopTask<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn, Executor executor) {
        return (LoopTask<U>) super.thenComposeAsync(fn, executor);
    }

    @Override
    public <U> LoopTask<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
        Executor e = chainTo();
        return (LoopTask<U>) (e == null ? super.handle(fn) : super.handleAsync(fn, e));
    }

    @Override
    public <U> LoopTask<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
        return (LoopTask<U>) super.handleAsync(fn);
    }

    @Override
    public <U> LoopTask<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) {
        return (LoopTask<U>) super.handleAsync(fn, executor);
    }

    @Override
    public LoopTask<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
        Executor e = chainTo();
        return (LoopTask<T>) (e == null ? super.whenComplete(action) : super.whenCompleteAsync(action, e));
    }

    @Override
    public LoopTask<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) {
        return (LoopTask<T>) super.whenCompleteAsync(action);
    }

    @Override
    public LoopTask<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action, Executor executor) {
        return (LoopTask<T>) super.whenCompleteAsync(action, executor);
    }

    @Override
    public LoopTask<T> exceptionally(Function<Throwable, ? extends T> fn) {
        Executor e = chainTo();
        return (LoopTask<T>) (e == null ? super.exceptionally(fn) : super.exceptionallyAsync(fn, e));
    }

    @Override
    public LoopTask<T> exceptionallyAsync(Function<Throwable, ? extends T> fn) {
        return (LoopTask<T>) super.exceptionallyAsync(fn);
    }

    @Override
    public LoopTask<T> exceptionallyAsync(Function<Throwable, ? extends T> fn, Executor executor) {
        return (LoopTask<T>) super.exceptionallyAsync(fn, executor);
    }

    @Override
    public LoopTask<T> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<T>> fn) {
        Executor e = chainTo();
        return (LoopTask<T>) (e == null ? super.exceptionallyCompose(fn) : super.exceptionallyComposeAsync(fn, e));
    }

    @Override
    public LoopTask<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn) {
        return (LoopTask<T>) super.exceptionallyComposeAsync(fn);
    }

    @Override
    public LoopTask<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn, Executor executor) {
        return (LoopTask<T>) super.exceptionallyComposeAsync(fn, executor);
    }
}
