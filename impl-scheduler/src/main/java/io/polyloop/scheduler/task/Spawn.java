package io.polyloop.scheduler.task;

import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * What a loop queue holds for {@code spawn(body)}, and later the continuation of the stage the body returns: one
 * object for both roles. Cancelling the task cancels that stage when it can be cancelled.
 */
public final class Spawn<T> implements Runnable, BiConsumer<T, Throwable> {
    private final LoopTask<T> task;
    private final Supplier<? extends CompletionStage<T>> body;

    private Spawn(LoopTask<T> task, Supplier<? extends CompletionStage<T>> body) {
        this.task = task;
        this.body = body;
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

    @Override
    public void run() {
        if (task.isDone()) {
            return;
        }
        CompletionStage<T> stage;
        try {
            stage = Objects.requireNonNull(body.get(), "spawn body returned null");
        } catch (Throwable t) {
            task.completeExceptionally(t);
            return;
        }
        stage.whenComplete(this);
        task.onCancel(() -> {
            try {
                stage.toCompletableFuture().cancel(false);
            } catch (UnsupportedOperationException notCancellable) {
                // a minimal stage: nothing to propagate to
            }
        });
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
        return "Spawn[" + body + "]";
    }
}
