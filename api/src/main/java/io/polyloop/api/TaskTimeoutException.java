package io.polyloop.api;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** The failure of a task wrapped by {@link IoRuntime#timeout}: it did not complete in time and was cancelled. */
public final class TaskTimeoutException extends TimeoutException {
    private static final long serialVersionUID = 1L;

    private final transient Duration limit;

    public TaskTimeoutException(Duration limit) {
        super("task did not complete within " + limit + "; it was cancelled");
        this.limit = limit;
    }

    /** @return the limit that passed */
    public Duration limit() {
        return limit;
    }
}
