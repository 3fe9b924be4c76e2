package io.polyloop.api.sync;

/**
 * The primitive a task waited on, or was about to use, has been closed: a {@link Channel} or a {@link Oneshot} whose
 * sender side is gone, or a closed {@link Semaphore}.
 */
public final class ClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ClosedException(String message) {
        super(message);
    }
}
