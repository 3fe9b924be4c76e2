package io.polyloop.scheduler.net;

import io.polyloop.api.Task;
import io.polyloop.scheduler.loop.EventLoop;
import io.polyloop.scheduler.loop.LoopResource;
import io.polyloop.scheduler.task.LoopTask;
import io.polyloop.spi.IoHandle;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;

/**
 * A front-end object that owns one handle on one loop and closes it once: the close life cycle shared by listeners,
 * connections, UDP sockets and files. Thread safe: off-loop closes are posted to the loop.
 */
public abstract class OwnedHandle implements LoopResource {
    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(OwnedHandle.class, "closed", LoopTask.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    protected final EventLoop loop;
    protected final IoHandle handle;
    /**
     * Completes when the handle is closed; made by the first {@link #closeAsync()} or by the close itself, not with
     * the object: an open connection does not hold it (32 bytes per idle connection).
     */
    @SuppressWarnings("unused") private volatile LoopTask<Void> closed;
    private volatile boolean open = true;

    protected OwnedHandle(EventLoop loop, IoHandle handle) {
        this.loop = loop;
        this.handle = handle;
    }

    /** @return the task that completes when the handle is closed, made once by whoever asks first. Any thread. */
    @SuppressWarnings("unchecked")
    private LoopTask<Void> whenClosed() {
        LoopTask<Void> t = (LoopTask<Void>) CLOSED.getAcquire(this);
        if (t != null) {
            return t;
        }
        LoopTask<Void> made = new LoopTask<>(loop);
        t = (LoopTask<Void>) CLOSED.compareAndExchange(this, (LoopTask<Void>) null, made);
        return t != null ? t : made;
    }

    /** Loop thread: fails what waits on this object with {@code cause}; the driver's CLOSE cancels what it holds. */
    protected abstract void failPending(IOException cause);

    public final Task<Void> closeAsync() {
        LoopTask<Void> closed = whenClosed();
        loop.run(() -> closeOnLoop(new AsynchronousCloseException()), closed);
        return closed;
    }

    public final void close() {
        closeAsync();
    }

    public final boolean isOpen() {
        return open;
    }

    @Override
    public final void closeOnShutdown() {
        closeOnLoop(new AsynchronousCloseException());
    }

    /** Runs a synchronous driver call for this handle on the loop; fails if the handle is closed by then. */
    protected final <T> Task<T> onOpenHandle(DriverCall<T> call) {
        LoopTask<T> task = new LoopTask<>(loop);
        loop.run(() -> {
            if (!open) {
                task.completeExceptionally(new ClosedChannelException());
                return;
            }
            try {
                task.complete(call.apply(Connections.driver(loop)));
            } catch (IOException | RuntimeException e) {
                task.completeExceptionally(e);
            }
        }, task);
        return task;
    }

    /** Loop thread: closes once; what is pending fails with {@code cause}. */
    protected final void closeOnLoop(IOException cause) {
        if (!open) {
            return;
        }
        open = false;
        failPending(cause);
        Connections.release(loop, handle, this, whenClosed());
    }
}
