package io.polyloop.scheduler.task;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * What a loop queue holds for {@code submit(callable)}: the body and its task in one object, so a queued task costs
 * the task, this and the queue's slot, nothing more. Runs once; skipped if the task was cancelled while queued.
 */
public final class Submission<T> implements Runnable {
    private final LoopTask<T> task;
    private final Callable<T> body;

    private Submission(LoopTask<T> task, Callable<T> body) {
        this.task = task;
        this.body = body;
    }

    /** Queues {@code body} on {@code executor}; a refusal fails the task instead of throwing. */
    public static <T> LoopTask<T> submit(Executor executor, Callable<T> body) {
        LoopTask<T> task = new LoopTask<>(executor);
        try {
            executor.execute(new Submission<>(task, Objects.requireNonNull(body, "body")));
        } catch (RejectedExecutionException e) {
            task.completeExceptionally(e);
        }
        return task;
    }

    @Override
    public void run() {
        if (!task.isDone()) {
            task.completeWith(body);
        }
    }

    @Override
    public String toString() {
        return "Submission[" + body + "]";
    }
}
