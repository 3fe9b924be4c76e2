package io.polyloop.api;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

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
}
