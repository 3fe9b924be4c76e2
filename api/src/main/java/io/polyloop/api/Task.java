package io.polyloop.api;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The result of asynchronous work on an {@link IoRuntime}: a {@link CompletionStage} that can also be cancelled and
 * inspected without blocking. Continuations registered with the non-async methods run on the loop that completes
 * the task; the {@code …Async} methods without an executor run on that runtime's loops too, not on the common pool.
 *
 * <p>Cancelling a task cancels what it waits on (an I/O request, a timer) and completes it as cancelled.
 *
 * <p>Blocking waits ({@link #join()}, {@link #get()}) on a loop thread of any polyloop runtime throw
 * {@link IllegalStateException} at once when the task is not done: the loop that would complete it is the one
 * waiting, so the wait could never end. Compose instead ({@code thenApply}, {@code thenCompose}).
 */
public interface Task<T> extends CompletionStage<T>, Future<T> {

    /** Where a task is in its life. */
    enum Status { PENDING, SUCCEEDED, FAILED, CANCELLED }

    /** @return the current status; never blocks */
    Status status();

    /**
     * Cancels the task and what it waits on.
     *
     * @return true if this call cancelled it, false if it had completed already
     */
    boolean cancel();

    /**
     * Waits for the result.
     *
     * @throws java.util.concurrent.CompletionException   wrapping the failure
     * @throws java.util.concurrent.CancellationException if cancelled
     * @throws IllegalStateException                      if called on a loop thread before the task is done
     */
    T join();

    /** @return the result if succeeded, else {@code valueIfPending} when pending; never blocks */
    T getNow(T valueIfPending);

    /**
     * @return the result of a succeeded task
     * @throws IllegalStateException if the task has not succeeded
     */
    T resultNow();

    /**
     * @return the failure of a failed task
     * @throws IllegalStateException if the task has not failed
     */
    Throwable exceptionNow();

    // Every composition returns a Task again, so a chain can still be cancelled, polled and joined.

    @Override
    <U> Task<U> thenApply(Function<? super T, ? extends U> fn);

    @Override
    <U> Task<U> thenApplyAsync(Function<? super T, ? extends U> fn);

    @Override
    <U> Task<U> thenApplyAsync(Function<? super T, ? extends U> fn, Executor executor);

    @Override
    Task<Void> thenAccept(Consumer<? super T> action);

    @Override
    Task<Void> thenAcceptAsync(Consumer<? super T> action);

    @Override
    Task<Void> thenAcceptAsync(Consumer<? super T> action, Executor executor);

    @Override
    Task<Void> thenRun(Runnable action);

    @Override
    Task<Void> thenRunAsync(Runnable action);

    @Override
    Task<Void> thenRunAsync(Runnable action, Executor executor);

    @Override
    <U, V> Task<V> thenCombine(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn);

    @Override
    <U, V> Task<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn);

    @Override
    <U, V> Task<V> thenCombineAsync(CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn, Executor executor);

    @Override
    <U> Task<Void> thenAcceptBoth(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action);

    @Override
    <U> Task<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action);

    @Override
    <U> Task<Void> thenAcceptBothAsync(CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action, Executor executor);

    @Override
    Task<Void> runAfterBoth(CompletionStage<?> other, Runnable action);

    @Override
    Task<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action);

    @Override
    Task<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action, Executor executor);

    @Override
    <U> Task<U> applyToEither(CompletionStage<? extends T> other, Function<? super T, U> fn);

    @Override
    <U> Task<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn);

    @Override
    <U> Task<U> applyToEitherAsync(CompletionStage<? extends T> other, Function<? super T, U> fn, Executor executor);

    @Override
    Task<Void> acceptEither(CompletionStage<? extends T> other, Consumer<? super T> action);

    @Override
    Task<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action);

    @Override
    Task<Void> acceptEitherAsync(CompletionStage<? extends T> other, Consumer<? super T> action, Executor executor);

    @Override
    Task<Void> runAfterEither(CompletionStage<?> other, Runnable action);

    @Override
    Task<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action);

    @Override
    Task<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action, Executor executor);

    @Override
    <U> Task<U> thenCompose(Function<? super T, ? extends CompletionStage<U>> fn);

    @Override
    <U> Task<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn);

    @Override
    <U> Task<U> thenComposeAsync(Function<? super T, ? extends CompletionStage<U>> fn, Executor executor);

    @Override
    <U> Task<U> handle(BiFunction<? super T, Throwable, ? extends U> fn);

    @Override
    <U> Task<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn);

    @Override
    <U> Task<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn, Executor executor);

    @Override
    Task<T> whenComplete(BiConsumer<? super T, ? super Throwable> action);

    @Override
    Task<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action);

    @Override
    Task<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action, Executor executor);

    @Override
    Task<T> exceptionally(Function<Throwable, ? extends T> fn);

    @Override
    Task<T> exceptionallyAsync(Function<Throwable, ? extends T> fn);

    @Override
    Task<T> exceptionallyAsync(Function<Throwable, ? extends T> fn, Executor executor);

    @Override
    Task<T> exceptionallyCompose(Function<Throwable, ? extends CompletionStage<T>> fn);

    @Override
    Task<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn);

    @Override
    Task<T> exceptionallyComposeAsync(Function<Throwable, ? extends CompletionStage<T>> fn, Executor executor);
}
