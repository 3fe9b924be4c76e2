package io.polyloop.api;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A single-loop runtime without a thread of its own: its loop runs on the caller's thread, only while the caller
 * is inside {@link #blockOn} (Tokio's current-thread runtime) or {@link #run} (Asio's {@code io_context::run}).
 * Other threads may post to {@link #runtime()} at any time; the work waits until someone drives the loop. Build
 * one with {@link IoRuntimeBuilder#buildCallerDriven()}.
 *
 * <p>One thread drives at a time; while it does it counts as a loop thread, so blocking joins in its tasks fail fast.
 * Thread safe otherwise.
 */
public interface CallerDrivenRuntime extends AutoCloseable {

    /** @return the runtime to submit work to: tasks, timers and I/O run when this loop is driven */
    IoRuntime runtime();

    /**
     * Runs the loop on the calling thread until {@code stage} completes.
     *
     * @return its result
     * @throws CompletionException             with the failure of {@code stage} as cause
     * @throws java.util.concurrent.CancellationException if {@code stage} was cancelled
     * @throws IllegalStateException           if called on a loop thread, while another thread drives this loop, or
     *                                         if the runtime terminates before {@code stage} completes
     */
    <T> T blockOn(CompletionStage<T> stage);

    /** Spawns {@code body} on the loop and runs the loop until the stage it returns completes. */
    <T> T blockOn(Supplier<? extends CompletionStage<T>> body);

    /**
     * Runs the loop on the calling thread until no work is outstanding (no queued task, pending timer or pending I/O
     * operation) or {@link #stop()} is called; then the runtime counts as stopped, and later calls return at once
     * until {@link #restart()}. A listener waiting for connections is pending I/O: run() serves it until stopped.
     *
     * @return the number of tasks, timer actions and completions handled
     * @throws IllegalStateException if called on a loop thread or while another thread drives this loop
     */
    long run();

    /** Makes {@link #run()} return as soon as the task it runs now returns. Thread safe. */
    void stop();

    boolean isStopped();

    /** Clears the stopped state so that {@link #run()} runs again. */
    void restart();

    /**
     * Closes the runtime: drives its loop through shutdown on the calling thread if nobody else is driving it.
     *
     * @return true if the loop terminated within {@code timeout}
     */
    boolean close(Duration timeout);

    @Override
    default void close() {
        close(IoRuntime.DEFAULT_CLOSE_TIMEOUT);
    }
}
