package io.polyloop.scheduler.task;

import java.util.concurrent.CancellationException;

/**
 * What a cancelled {@link LoopTask} holds: a {@link CancellationException} without a stack trace. Cancelling is a
 * normal, frequent event (every cancelled sleep, timeout, read); filling in a stack trace made it cost micro
 * seconds and ~600 bytes each (Netty's promises do the same for the same reason).
 */
final class TaskCancelledException extends CancellationException {
    private static final long serialVersionUID = 1L;

    TaskCancelledException() {
        super("task was cancelled");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
