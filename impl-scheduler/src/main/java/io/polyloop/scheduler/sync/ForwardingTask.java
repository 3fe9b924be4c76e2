package io.polyloop.scheduler.sync;

import io.polyloop.api.Task;
import io.polyloop.scheduler.task.LoopTask;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A {@link Task} that forwards to a private {@link LoopTask} and keeps cancellation for itself. The inner task is
 * never handed out, so nothing but the subclass completes or cancels it: {@link Waiter} relies on that to make
 * cancelling a waiter and serving it mutually exclusive. Thread safe.
 */
abstract class ForwardingTask<T> implements Task<T> {
    /** Completed only by the subclass. */
    final LoopTask<T> task;

    ForwardingTask(LoopTask<T> task) {
        this.task = task;
    }

    @Override
    public abstract boolean cancel(boolean mayInterruptIfRunning);

    @Override
    public final boolean cancel() {
        return cancel(false);
    }

    @Override
    public final Status status() {
        return task.status();
    }

    @Override
    public final boolean isDone() {
        return task.isDone();
    }

    @Override
    public final boolean isCancelled() {
        return task.isCancelled();
    }

    @Override
    public final T join() {
        return task.join();
    }

    @Override
    public final T get() throws InterruptedException, ExecutionException {
        return task.get();
    }

    @Override
    public final T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        return task.get(timeout, unit);
    }

    @Override
    public final T getNow(T valueIfPending) {
        return task.getNow(valueIfPending);
    }

    @Override
    public final T resultNow() {
        return task.resultNow();
    }

    @Override
    public final Throwable exceptionNow() {
        return task.exceptionNow();
    }

    /** A dependent copy (as {@link CompletionStage#toCompletableFuture()} allows): completing it affects only it. */
    @Override
    public final CompletableFuture<T> toCompletableFuture() {
        return task.copy();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + status() + "]";
    }

    // ------------------------------------------------------------------ compositions: dependents of the inner task

    @Override
    public final <U> Task<U> thenApply(Function<? super T, ? extends U> fn) {
        return task.thenApply(fn);
    }

    @Override
    public final <U> Task<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
        return task.thenApplyAsync(fn);
    }

    @Override
    public final <U> Task<U> thenApplyAsync(Function<? super T, ? extends U> fn, Executor executor) {
        return task.thenApplyAsync(fn, executor);
    }

    @Override
    public final Task<Void> thenAccept(Consumer<? super T> action) {
        return task.thenAccept(action);
    }

    @Override
    public final Task<Void> thenAcceptAsync(Consumer<? super T> action) {
        return task.thenAcceptAsync(action);
    }

    @Override
    public final Task<Void> thenAcceptAsync(Consumer<? super T> action, Executor executor) {
        return task.thenAcceptAsync(action, executor);
    }

    @Override
    public final Task<Void> thenRun(Runnable action) {
        return task.thenRun(action);
    }

    @Override
    public final Task<Void> thenRunAsync(Runnable action) {
        return task.thenRunAsync(action);
    }

    @Override
    public final Task<Void> thenRunAsync(Runnable action, Executor executor) {
        return task.thenRunAsync(action, executor);
    }

    @Override
    public final <U, V> Task<V> thenCombine(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
        return task.thenCombine(other, fn);
    }

    @Override
    public final <U, V> Task<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
        return task.thenCombineAsync(other, fn);
    }

    @Override
    public final <U, V> Task<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn, Executor executor) {
        return task.thenCombineAsync(other, fn, executor);
    }

    @Override
    public final <U> Task<Void> thenAcceptBoth(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
        return task.thenAcceptBoth(other, action);
    }

    @Override
    public final <U> Task<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
        return task.thenAcceptBothAsync(other, action);
    }

    @Override
    public final <U> Task<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action, Executor executor) {
        return task.thenAcceptBothAsync(other, action, executor);
    }

    @Override
    public final Task<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
        return task.runAfterBoth(other, action);
    }

    @Override
    public final Task<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
        return task.runAfterBothAsync(other, action);
    }

    @Override
    public final Task<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        return task.runAfterBothAsync(other, action, executor);
    }

    @Override
    public final <U> Task<U> applyToEither(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        return task.applyToEither(other, fn);
    }

    @Override
    public final <U> Task<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn) {
        return task.applyToEitherAsync(other, fn);
    }

    @Override
    public final <U> Task<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn, Executor executor) {
        return task.applyToEitherAsync(other, fn, executor);
    }

    @Override
    public final Task<Void> acceptEither(CompletionStage<? extends T> other, Consumer<? super T> action) {
        return task.acceptEither(other, action);
    }

    @Override
    public final Task<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action) {
        return task.acceptEitherAsync(other, action);
    }

    @Override
    public final Task<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action, Executor executor) {
        return task.acceptEitherAsync(other, action, executor);
    }

    @Override
    public final Task<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
        return task.runAfterEither(other, action);
    }

    @Override
    public final Task<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
        return task.runAfterEitherAsync(other, action);
    }

    @Override
    public final Task<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action, Executor executor) {
        return task.runAfterEitherAsync(other, action, executor);
    }

    @Override
    public final <U> Task<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn) {
        return task.thenCompose(fn);
    }

    @Override
    public final <U> Task<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn) {
        return task.thenComposeAsync(fn);
    }

    @Override
    public final <U> Task<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn, Executor executor) {
        return task.thenComposeAsync(fn, executor);
    }

    @Override
    public final <U> Task<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
        return task.handle(fn);
    }

    @Override
    public final <U> Task<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
        return task.handleAsync(fn);
    }

    @Override
    public final <U> Task<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) {
        return task.handleAsync(fn, executor);
    }

    @Override
    public final Task<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
        return task.whenComplete(action);
    }

    @Override
    public final Task<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) {
        return task.whenCompleteAsync(action);
    }

    @Override
    public final Task<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action, Executor executor) {
        return task.whenCompleteAsync(action, executor);
    }

    @Override
    public final Task<T> exceptionally(Function<Throwable, ? extends T> fn) {
        return task.exceptionally(fn);
    }

    @Override
    public final Task<T> exceptionallyAsync(Function<Throwable, ? extends T> fn) {
        return task.exceptionallyAsync(fn);
    }

    @Override
    public final Task<T> exceptionallyAsync(Function<Throwable, ? extends T> fn, Executor executor) {
        return task.exceptionallyAsync(fn, executor);
    }

    @Override
    public final Task<T> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<T>> fn) {
        return task.exceptionallyCompose(fn);
    }

    @Override
    public final Task<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn) {
        return task.exceptionallyComposeAsync(fn);
    }

    @Override
    public final Task<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn, Executor executor) {
        return task.exceptionallyComposeAsync(fn, executor);
    }
}
