package io.polyloop.scheduler.task;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * What a loop queue holds for {@code spawn(body)}, then the continuation of the stage the body returns and the
 * task's cancel hook: one object for the three roles. Cancelling the task cancels that stage when it can be
 * cancelled.
 */
public final class Spawn<T> implements Runnable, BiConsumer<T, Throwable> {
    private final LoopTask<T> task;
    /** The body until it has run, then the stage it returned (what a cancel reaches). */
    private Object bodyOrStage;
    private boolean started;

    private Spawn(LoopTask<T> task, Supplier<? extends CompletionStage<T>> body) {
        this.task = task;
        this.bodyOrStage = body;
    }

    /** Queues {@code body} on {@code executor}; a refusal fails the task instead of throwing. */
    public static <T> LoopTask<T> spawn(Executor executor, Supplier<? extends CompletionStage<T>> body) {
        LoopTask<T> task = new LoopTask<>(executor);
        try {
            executor.execute(new Spawn<>(task, Objects.requireNonNull(body, "body")));
        } catch (RejectedExecutionException e) {
            task.completeExceptionally(e);
        }
        return task;
    }

    /** First run: starts the body. A later run is the cancel hook (registered only once started). */
    @Override
    @SuppressWarnings("unchecked")
    public void run() {
        if (started) {
            try {
                ((CompletionStage<T>) bodyOrStage).toCompletableFuture().cancel(false);
            } catch (UnsupportedOperationException notCancellable) {
                // a minimal stage: nothing to propagate to
            }
            return;
        }
        started = true;
        if (task.isDone()) {
            return;
        }
        CompletionStage<T> stage;
        try {
            stage = Objects.requireNonNull(((Supplier<? extends CompletionStage<T>>) bodyOrStage).get(),
                    "spawn body returned null");
        } catch (Throwable t) {
            task.completeExceptionally(t);
            return;
        }
        if (stage instanceof CompletableFuture<?> done && done.isDone()) {
            completeNow((CompletableFuture<T>) done); // no continuation stage, no cancel hook: nothing waits
            return;
        }
        bodyOrStage = stage; // published to the hook's thread by onCancel's volatile store
        stage.whenComplete(this);
        task.onCancel(this);
    }

    /** The body returned a completed future: its outcome as {@link #accept} would pass it. */
    private void completeNow(CompletableFuture<T> done) {
        T value;
        try {
            value = done.join();
        } catch (CancellationException cancelled) {
            task.completeExceptionally(cancelled);
            return;
        } catch (CompletionException failed) {
            accept(null, failed);
            return;
        }
        task.complete(value);
    }

    /** The stage completed. */
    @Override
    public void accept(T value, Throwable failure) {
        if (failure == null) {
            task.complete(value);
        } else {
            task.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure);
        }
    }

    @Override
    public String toString() {
        return "Spawn[" + bodyOrStage + "]";
    }
}
